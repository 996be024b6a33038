/*
| Outpatient specialist services (reference-data spec §5) from one of two CSV dialects:
|   national   codice;descrizione — the national nomenclature (DPCM 12/1/2017, HL7 Italia
|              CodeSystem export), stored under the region "nazionale" with its own codes;
|   project    region;regional_code;national_code;description;tariff;max_quantity;sex;
|              min_age;max_age;requires_question;notes (and optionally branca) — a regional
|              catalogue converted to the project's columns, like the curated seed.
| A file replaces the rows of the regions it holds and leaves the other regions alone.
*/
import { createHash } from 'node:crypto'
import { pickColumn, readCsv } from '#services/refdata/csv'
import { normalizedText, type LoadedDataset, type Row, type SkippedLine } from '#services/refdata/dataset'
import { euroCents } from '#services/refdata/euro_cents'

export const NATIONAL_REGION = 'nazionale'

/**
 * Codes of the nomenclature: NN.NN with an optional .N or .X (89.01.C, 88.71.4); the
 * published lists also hold NN.N (89.7), a letter in the fourth place (89.7A.3) and the
 * genetics codes that start with a letter (G2.09).
 */
export const CATALOGUE_CODE = /^(\d{2}|[A-Z]\d)\.\d[0-9A-Z]?(\.[0-9A-Z]{1,2})?$/
const REGION = /^[a-z][a-z_-]{1,19}$/
const DESCRIPTION_MAX = 700

// Words the notes of the nomenclature open with ("Non associabile a…", "Incluso farmaco").
const NOTE_OPENERS = 'Non|Per|Incluso|Inclusa|Inclusi|Incluse|Escluso|Esclusa|Esclusi|Escluse|Erogabile|Solo|Compreso|Compresa|Prescrivibile|Fino|Previa|Almeno|Intero|Ogni|Con|Senza'
const GLUED_NOTE = new RegExp(`^(.*?[A-ZÀ-Ý]{2,})((?:${NOTE_OPENERS})(?:[\\s,.;:].*)?)$`)

/**
 * The national list glues some notes to the description without a blank
 * ("…NEUROSTIMOLATORE ENCEFALICONon associabile a…"): an upper-case word running into a
 * capitalised word that opens a note marks where the note starts. A typo such as
 * "VALUTAZIONdi" is no such boundary.
 */
export function splitGluedNotes(text: string): { description: string; notes: string | null } {
  const clean = text.replace(/\s+/g, ' ').trim()
  const match = clean.match(GLUED_NOTE)
  if (!match) return { description: clean, notes: null }
  return { description: match[1].trim(), notes: match[2].trim() }
}

const YES = ['s', 'si', 'sì', 'y', 'yes', 'x', '1', 'true', 'vero']
const NO = ['', 'n', 'no', '0', 'false', 'falso']

export function loadCatalogue(file: string): LoadedDataset {
  const csv = readCsv(file)
  const col = (names: string[]) => pickColumn(csv.header, names)
  const region = col(['region', 'regione'])
  const regionalCode = col(['regional_code', 'codice_regionale'])
  const nationalCode = region ? col(['national_code', 'codice_nazionale', 'codice']) : col(['codice', 'code', 'national_code'])
  const description = col(['description', 'descrizione'])
  const optional = {
    branca: col(['branca_codes', 'branca', 'branche']),
    tariff: col(['tariff', 'tariffa']),
    maxQuantity: col(['max_quantity', 'quantita_massima']),
    sex: col(['sex', 'sesso']),
    minAge: col(['min_age', 'eta_minima']),
    maxAge: col(['max_age', 'eta_massima']),
    question: col(['requires_question', 'quesito']),
    notes: col(['notes', 'note']),
  }
  if (!nationalCode || !description) {
    throw new Error(
      `Intestazione non riconosciuta (${csv.header.join(';')}): servono le colonne codice;descrizione ` +
        'oppure region;regional_code;national_code;description.'
    )
  }

  const skipped: SkippedLine[] = []
  const byKey = new Map<string, Row>()
  for (const { line, values } of csv.rows) {
    const v = (column: string | null) => (column ? (values[column] ?? '').trim() : '')
    const code = v(nationalCode).toUpperCase().replace(/\.$/, '')
    const regionName = region ? v(region).toLowerCase() : NATIONAL_REGION
    const ownCode = (regionalCode && v(regionalCode).toUpperCase()) || code
    const { description: label, notes: gluedNotes } = splitGluedNotes(v(description))
    const tariff = euroCents(v(optional.tariff))
    const numbers = { max_quantity: v(optional.maxQuantity), min_age: v(optional.minAge), max_age: v(optional.maxAge) }
    const badNumber = Object.entries(numbers).find(([, n]) => n !== '' && !/^\d{1,3}$/.test(n))
    const sex = v(optional.sex).toUpperCase().slice(0, 1)
    const question = v(optional.question).toLowerCase()
    const key = `${regionName}|${ownCode}`

    let reason: string | null = null
    if (!REGION.test(regionName)) reason = `regione non valida «${v(region)}»`
    else if (!CATALOGUE_CODE.test(code)) reason = `codice non valido «${code}» (atteso NN.NN[.X])`
    else if (ownCode.length > 20) reason = `codice regionale troppo lungo «${ownCode}»`
    else if (!label) reason = `descrizione mancante per ${code}`
    else if (Number.isNaN(tariff)) reason = `tariffa non valida «${v(optional.tariff)}» per ${code}`
    else if (badNumber) reason = `valore non valido «${badNumber[1]}» in ${badNumber[0]} per ${code}`
    else if (sex && !['M', 'F'].includes(sex)) reason = `sesso non valido «${v(optional.sex)}» per ${code} (M o F)`
    else if (numbers.min_age && numbers.max_age && Number(numbers.min_age) > Number(numbers.max_age)) {
      reason = `età minima ${numbers.min_age} oltre la massima ${numbers.max_age} per ${code}`
    } else if (!YES.includes(question) && !NO.includes(question)) reason = `quesito obbligatorio non valido «${v(optional.question)}» per ${code} (S o N)`
    else if (byKey.has(key)) reason = `codice ${ownCode} ripetuto per la regione ${regionName}`
    if (reason) {
      skipped.push({ line, reason })
      continue
    }

    const notes = [gluedNotes, v(optional.notes)].filter(Boolean).join(' ')
    const number = (n: string) => (n === '' ? null : Number(n))
    byKey.set(key, {
      region: regionName,
      regional_code: ownCode,
      national_code: code,
      description: label.length > DESCRIPTION_MAX ? `${label.slice(0, DESCRIPTION_MAX - 1)}…` : label,
      description_search: normalizedText(label).slice(0, 300),
      branca_codes: v(optional.branca).slice(0, 60) || null,
      tariff_cents: tariff,
      max_quantity: number(numbers.max_quantity),
      sex: sex || null,
      min_age: number(numbers.min_age),
      max_age: number(numbers.max_age),
      requires_question: YES.includes(question),
      notes: notes || null,
      valid_to: null,
    })
  }

  const rows = [...byKey.values()]
  const regions = [...new Set(rows.map((r) => String(r.region)))].sort()
  const sha256 = createHash('sha256').update(csv.bytes).digest('hex')
  const national = regions.includes(NATIONAL_REGION)
  return {
    key: 'catalogue',
    tables: [{ table: 'catalogue_items', keyColumns: ['region', 'regional_code'], rows, scope: { region: regions } }],
    skipped,
    version: `${regions.join('+').slice(0, 26) || 'vuoto'}-${sha256.slice(0, 12)}`,
    sourceUrl: null,
    licence: national ? 'Nomenclatore DPCM 12/1/2017 (pubblico); CodeSystem HL7 Italia CC BY-SA 4.0' : 'Catalogo regionale delle prestazioni (pubblico)',
    attribution: national
      ? 'Nomenclatore dell’assistenza specialistica ambulatoriale, Ministero della Salute (DPCM 12 gennaio 2017); HL7 Italia'
      : `Catalogo regionale delle prestazioni (${regions.join(', ')}), su codici del nomenclatore nazionale del Ministero della Salute`,
    sha256,
  }
}
