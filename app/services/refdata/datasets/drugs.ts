/*
| Drugs, one row per AIC pack (reference-data spec §3), from the AIFA open-data files
| (CC BY 4.0, "Fonte: AIFA") or the project's curated seed. Each file's dialect is told by
| its header:
|   anagrafica     confezioni_fornitura.csv (CODICE_AIC; DENOMINAZIONE; DESCRIZIONE; …; PA_ASSOCIATI; FORNITURA; LINK_FI; LINK_RCP)
|   ingredients    PA_confezioni.csv (CODICE_AIC; PRINCIPIO_ATTIVO; QUANTITA; UNITA_MISURA)
|   class list     Classe_A_… / Classe_H_… (Windows-1252; the class is in the file name)
|   transparency   Lista_farmaci_equivalenti.csv (AIC without leading zeros, prices "5,63 €")
|   equivalents    aic;denominazione;atc;gruppo_equivalenza
|   project        the seed: aic;name;pack;company;atc;active_ingredients;form;supply_regime;class;public_price;…
| One import may combine several files (a folder, or paths separated by commas): the
| fields of one pack come from the first file that has them, in the order above with the
| project seed first.
*/
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { readCsv, type CsvFile } from '#services/refdata/csv'
import { normalizedText, type LoadedDataset, type Row, type SkippedLine } from '#services/refdata/dataset'
import { euroCents } from '#services/refdata/euro_cents'
import { searchKey } from '#services/patients/search_key'

export type DrugDialect = 'project' | 'anagrafica' | 'ingredients' | 'classList' | 'transparency' | 'equivalents'

const PRIORITY: DrugDialect[] = ['project', 'anagrafica', 'classList', 'transparency', 'equivalents']
const ATC_CODE = /^[A-Z]\d{2}([A-Z]([A-Z](\d{2})?)?)?$/
const DRUG_CLASSES = ['A', 'H', 'C']

interface DrugInfo {
  name?: string | null
  pack?: string | null
  company?: string | null
  atc?: string | null
  active_ingredients?: string | null
  form?: string | null
  supply_regime?: string | null
  admin_status?: string | null
  class?: string | null
  public_price_cents?: number | null
  reference_price_cents?: number | null
  equivalence_group?: string | null
  equivalence_description?: string | null
  in_transparency_list?: boolean
  regional_only?: string | null
  leaflet_url?: string | null
  spc_url?: string | null
}

interface Ingredient {
  aic: string
  ingredient: string
  quantity: string | null
  unit: string | null
}

interface ParsedFile {
  dialect: DrugDialect
  drugs: Map<string, DrugInfo>
  ingredients: Ingredient[]
  date: string | null
}

/** Header cells compared without case, accents, "€" or punctuation: "Prezzo al pubblico €" → prezzo_al_pubblico. */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
}

/** The column whose key is one of `keys`, or starts with one of them when it ends with "*". */
function columnOf(header: string[], keys: string[]): string | null {
  for (const key of keys) {
    const found = key.endsWith('*')
      ? header.find((h) => headerKey(h).startsWith(key.slice(0, -1)))
      : header.find((h) => headerKey(h) === key)
    if (found) return found
  }
  return null
}

export function detectDrugDialect(header: string[]): DrugDialect | null {
  const has = (...keys: string[]) => keys.every((k) => columnOf(header, [k]))
  if (has('aic', 'name', 'class')) return 'project'
  if (has('codice_aic', 'denominazione', 'descrizione')) return 'anagrafica'
  if (has('codice_aic', 'principio_attivo', 'quantita')) return 'ingredients'
  if (has('codice_aic', 'denominazione_e_confezione')) return 'classList'
  if (has('aic', 'farmaco', 'prezzo_riferimento*')) return 'transparency'
  if (has('aic', 'denominazione', 'gruppo_equivalenza')) return 'equivalents'
  return null
}

/** AIC codes as strings of 9 digits: spreadsheets drop the leading zeros (24840074 → 024840074). */
export function normalizeAic(text: string): string | null {
  const digits = text.replace(/\s/g, '').replace(/^A(?=\d)/i, '')
  return /^\d{6,9}$/.test(digits) ? digits.padStart(9, '0') : null
}

/** "TORVAST*30 cpr riv 10 mg" (class A/H lists): name before the star, pack after it. */
export function splitNameAndPack(text: string): { name: string; pack: string | null } {
  const star = text.indexOf('*')
  if (star < 0) return { name: text.trim(), pack: null }
  return { name: text.slice(0, star).trim(), pack: text.slice(star + 1).trim() || null }
}

/** "Classe_A_per_nome_commerciale_15-01-2025.csv" → A. */
export function classFromFileName(file: string): 'A' | 'H' | null {
  const match = basename(file).match(/class[ei]?[\s_-]*([ah])(?=[\s_.-]|$)/i)
  return match ? (match[1].toUpperCase() as 'A' | 'H') : null
}

/** The day a list refers to, from its file name (dd-mm-yyyy) or a dated header (dd/mm/yyyy). */
function listDate(file: string, header: string[]): string | null {
  for (const text of [basename(file), ...header]) {
    const match = text.match(/(\d{2})[-/_.](\d{2})[-/_.](\d{4})/)
    if (match) return `${match[3]}-${match[2]}-${match[1]}`
  }
  return null
}

/** A folder (its .csv files), one file, or files separated by commas. */
export function drugSourceFiles(source: string): string[] {
  if (existsSync(source) && statSync(source).isDirectory()) {
    const files = readdirSync(source)
      .filter((f) => /\.csv$/i.test(f))
      .sort()
      .map((f) => join(source, f))
    if (!files.length) throw new Error(`Nessun file .csv nella cartella ${source}.`)
    return files
  }
  if (existsSync(source) || !source.includes(',')) return [source]
  const files = source.split(',').map((f) => f.trim()).filter(Boolean)
  const missing = files.find((f) => !existsSync(f))
  if (missing) throw new Error(`File non trovato: ${missing}`)
  return files
}

const text = (value: string | undefined, max: number) => {
  const clean = (value ?? '').replace(/\s+/g, ' ').trim()
  return clean ? clean.slice(0, max) : null
}

/** Splits "AMOXICILLINA TRIIDRATA/POTASSIO CLAVULANATO" into the single ingredients. */
function ingredientsOf(activeIngredients: string | null | undefined): string[] {
  if (!activeIngredients) return []
  return activeIngredients
    .split(/\s*[/+;]\s*/)
    .map((i) => normalizedText(i).slice(0, 200))
    .filter(Boolean)
}

function parseFile(file: string, csv: CsvFile, dialect: DrugDialect, skipped: SkippedLine[], prefix: string): ParsedFile {
  const col = (...keys: string[]) => columnOf(csv.header, keys)
  const get = (values: Record<string, string>, column: string | null) => (column ? (values[column] ?? '') : '')
  const parsed: ParsedFile = { dialect, drugs: new Map(), ingredients: [], date: listDate(file, csv.header) }
  const skip = (line: number, reason: string) => skipped.push({ line, reason: `${prefix}${reason}` })

  if (dialect === 'ingredients') {
    const [aicCol, ingredientCol, quantityCol, unitCol] = [col('codice_aic'), col('principio_attivo'), col('quantita'), col('unita_misura', 'unita*')]
    for (const { line, values } of csv.rows) {
      const aic = normalizeAic(get(values, aicCol))
      const ingredient = normalizedText(get(values, ingredientCol)).slice(0, 200)
      if (!aic) skip(line, `codice AIC non valido «${get(values, aicCol)}»`)
      else if (!ingredient) skip(line, `principio attivo mancante per AIC ${aic}`)
      else parsed.ingredients.push({ aic, ingredient, quantity: text(get(values, quantityCol), 30), unit: text(get(values, unitCol), 30) })
    }
    return parsed
  }

  const columns = {
    project: {
      aic: col('aic'),
      name: col('name'),
      pack: col('pack'),
      company: col('company'),
      atc: col('atc'),
      ingredients: col('active_ingredients'),
      form: col('form'),
      supply: col('supply_regime'),
      status: col('admin_status'),
      class: col('class'),
      price: col('public_price'),
      reference: col('reference_price'),
      group: col('equivalence_group'),
      groupDescription: col('equivalence_description'),
      transparency: col('in_transparency_list'),
      regional: col('regional_only'),
      leaflet: col('leaflet_url'),
      spc: col('spc_url'),
    },
    anagrafica: {
      aic: col('codice_aic'),
      name: col('denominazione'),
      pack: col('descrizione'),
      company: col('ragione_sociale'),
      atc: col('codice_atc', 'atc'),
      ingredients: col('pa_associati'),
      form: col('forma'),
      supply: col('fornitura'),
      status: col('stato_amministrativo'),
      leaflet: col('link_fi', 'link'),
      spc: col('link_rcp'),
    },
    classList: {
      aic: col('codice_aic'),
      nameAndPack: col('denominazione_e_confezione'),
      company: col('titolare_aic'),
      ingredients: col('principio_attivo'),
      price: col('prezzo_al_pubblico*'),
      group: col('codice_gruppo_equivalenza'),
      groupDescription: col('descrizione_gruppo_equivalenza'),
      transparency: col('x_in_lista_di_trasparenza*'),
      regional: col('solo_in_lista_di_regione*'),
    },
    transparency: {
      aic: col('aic'),
      name: col('farmaco'),
      pack: col('confezione'),
      company: col('ditta'),
      atc: col('atc'),
      ingredients: col('principio_attivo'),
      referencePack: col('confezione_di_riferimento'),
      price: col('prezzo_pubblico*'),
      reference: col('prezzo_riferimento*'),
      group: col('codice_gruppo_equivalenza'),
    },
    equivalents: { aic: col('aic'), name: col('denominazione'), atc: col('atc'), group: col('gruppo_equivalenza') },
  }[dialect] as Record<string, string | null>

  const listClass = dialect === 'classList' ? classFromFileName(file) : null
  if (dialect === 'classList' && !listClass) {
    throw new Error(`Lista di classe A o H non riconoscibile dal nome del file «${basename(file)}»: chiamarlo Classe_A_… o Classe_H_….`)
  }

  for (const { line, values } of csv.rows) {
    const v = (key: string) => get(values, columns[key] ?? null)
    const aic = normalizeAic(v('aic'))
    if (!aic) {
      skip(line, `codice AIC non valido «${v('aic')}»`)
      continue
    }
    if (parsed.drugs.has(aic)) {
      skip(line, `AIC ${aic} ripetuto`)
      continue
    }
    const { name, pack } = columns.nameAndPack ? splitNameAndPack(v('nameAndPack')) : { name: v('name').replace(/\*+\s*$/, '').trim(), pack: v('pack') }
    if (!name) {
      skip(line, `denominazione mancante per AIC ${aic}`)
      continue
    }
    const atc = v('atc').trim().toUpperCase()
    if (atc && !ATC_CODE.test(atc)) {
      skip(line, `codice ATC non valido «${atc}» per AIC ${aic}`)
      continue
    }
    const price = euroCents(v('price'))
    const reference = euroCents(v('reference'))
    const badPrice = [v('price'), v('reference')].find((p, i) => Number.isNaN([price, reference][i]) && p)
    if (badPrice !== undefined) {
      skip(line, `prezzo non valido «${badPrice}» per AIC ${aic}`)
      continue
    }
    const drugClass = listClass ?? (v('class').trim().toUpperCase() || null)
    if (drugClass && !DRUG_CLASSES.includes(drugClass)) {
      skip(line, `classe non valida «${v('class')}» per AIC ${aic} (A, H o C)`)
      continue
    }
    const flag = v('transparency').trim().toLowerCase()
    let groupDescription = text(v('groupDescription'), 300)
    if (!groupDescription && dialect === 'transparency' && v('referencePack')) {
      groupDescription = text(`${v('ingredients')} ${v('referencePack')}`, 300)
    }
    parsed.drugs.set(aic, {
      name: text(name, 150),
      pack: text(pack ?? '', 300),
      company: text(v('company'), 150),
      atc: atc || null,
      active_ingredients: text(v('ingredients'), 500),
      form: text(v('form'), 150),
      supply_regime: text(v('supply'), 60),
      admin_status: text(v('status'), 30),
      class: drugClass,
      public_price_cents: price,
      reference_price_cents: reference,
      equivalence_group: text(v('group').toUpperCase(), 10),
      equivalence_description: groupDescription,
      in_transparency_list: dialect === 'transparency' || ['x', 's', 'si', 'sì', '1', 'true'].includes(flag),
      regional_only: text(v('regional'), 60),
      leaflet_url: text(v('leaflet'), 300),
      spc_url: text(v('spc'), 300),
    })
  }
  return parsed
}

/** Reads one or more AIFA files (or the seed) into the drugs dataset. */
export function loadDrugs(source: string): LoadedDataset {
  const files = drugSourceFiles(source)
  const skipped: SkippedLine[] = []
  const parsed: ParsedFile[] = []
  const hash = createHash('sha256')
  for (const file of files) {
    const csv = readCsv(file)
    const dialect = detectDrugDialect(csv.header)
    if (!dialect) {
      throw new Error(
        `Intestazione non riconosciuta in ${basename(file)} (${csv.header.join(';')}): servono le colonne di un file AIFA ` +
          '(anagrafica, PA_confezioni, liste di classe A/H, lista di trasparenza) o aic;denominazione;atc;gruppo_equivalenza.'
      )
    }
    hash.update(csv.bytes)
    parsed.push(parseFile(file, csv, dialect, skipped, files.length > 1 ? `${basename(file)}: ` : ''))
  }
  if (parsed.every((p) => p.dialect === 'ingredients')) {
    throw new Error('Il file dei principi attivi (PA_confezioni) va importato insieme all’anagrafica o a una lista di confezioni.')
  }

  // Fields of a pack from the first file that has them, in the order of PRIORITY.
  parsed.sort((a, b) => PRIORITY.indexOf(a.dialect) - PRIORITY.indexOf(b.dialect))
  const merged = new Map<string, DrugInfo>()
  for (const file of parsed) {
    for (const [aic, info] of file.drugs) {
      const drug = merged.get(aic) ?? {}
      for (const [field, value] of Object.entries(info) as [keyof DrugInfo, any][]) {
        if (field === 'in_transparency_list') drug.in_transparency_list = Boolean(drug.in_transparency_list || value)
        else if ((drug[field] === undefined || drug[field] === null) && value !== null && value !== undefined) (drug as any)[field] = value
      }
      merged.set(aic, drug)
    }
  }

  // Spec §3.2: A/H when the pack is in the class A/H list, otherwise C. The transparency list
  // holds reimbursed (class A) equivalents; with neither, the class is not known.
  const hasClassList = parsed.some((p) => p.dialect === 'classList')
  const drugs: Row[] = []
  for (const [aic, d] of merged) {
    const drugClass = d.class ?? (hasClassList ? 'C' : d.in_transparency_list ? 'A' : null)
    drugs.push({
      aic,
      aic6: aic.slice(0, 6),
      name: d.name!,
      name_search: searchKey(d.name!).slice(0, 150),
      pack: d.pack ?? null,
      company: d.company ?? null,
      atc: d.atc ?? null,
      active_ingredients: d.active_ingredients ?? null,
      form: d.form ?? null,
      supply_regime: d.supply_regime ?? null,
      admin_status: d.admin_status ?? null,
      class: drugClass,
      public_price_cents: d.public_price_cents ?? null,
      reference_price_cents: d.reference_price_cents ?? null,
      equivalence_group: d.equivalence_group ?? null,
      equivalence_description: d.equivalence_description ?? null,
      in_transparency_list: Boolean(d.in_transparency_list),
      regional_only: d.regional_only ?? null,
      leaflet_url: d.leaflet_url ?? null,
      spc_url: d.spc_url ?? null,
      valid_to: null,
    })
  }

  // Ingredients with quantities from PA_confezioni; otherwise split from the packs' own text.
  const ingredients = new Map<string, Row>()
  const add = (i: Ingredient) => {
    const key = `${i.aic}|${i.ingredient}`
    if (merged.has(i.aic) && !ingredients.has(key)) ingredients.set(key, { ...i, valid_to: null })
  }
  const detailed = new Set<string>()
  for (const file of parsed.filter((p) => p.dialect === 'ingredients')) {
    for (const i of file.ingredients) {
      add(i)
      detailed.add(i.aic)
    }
  }
  for (const [aic, d] of merged) {
    if (detailed.has(aic)) continue
    for (const ingredient of ingredientsOf(d.active_ingredients)) add({ aic, ingredient, quantity: null, unit: null })
  }

  const sha256 = hash.digest('hex')
  const date = parsed.map((p) => p.date).filter(Boolean).sort().pop()
  const fromSeed = parsed.some((p) => p.dialect === 'project')
  return {
    key: 'drugs',
    tables: [
      { table: 'drugs', keyColumns: ['aic'], rows: drugs },
      { table: 'drug_ingredients', keyColumns: ['aic', 'ingredient'], rows: [...ingredients.values()] },
    ],
    skipped,
    version: date ? `${date}-${sha256.slice(0, 8)}` : sha256.slice(0, 12),
    sourceUrl: fromSeed ? null : 'https://www.aifa.gov.it/dati-aperti',
    licence: 'CC BY 4.0 (AIFA open data)',
    attribution: fromSeed
      ? 'Fonte: AIFA (elenco dei farmaci equivalenti, codici AIC e ATC); confezioni e prezzi del seed del progetto indicativi, da aggiornare con le liste AIFA'
      : 'Fonte: AIFA – Agenzia Italiana del Farmaco (anagrafica delle confezioni, liste di classe A e H, lista di trasparenza)',
    sha256,
  }
}
