/*
| Comuni (current and suppressed, with their dates) and foreign states (codici Z…), by
| codice catastale. Source: the Belfiore dataset embedded in @marketto/belfiore-connector-
| embedded (ANPR + Agenzia delle Entrate comuni, ISTAT states), or a CSV with the ANPR
| archive's columns (CODCATASTALE, DENOMINAZIONE_IT, SIGLAPROVINCIA, CODISTAT,
| DATAISTITUZIONE, DATACESSAZIONE) or their plain Italian names.
*/
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { DateTime } from 'luxon'
import { pickColumn, readCsv } from '#services/refdata/csv'
import type { LoadedDataset, Row, SkippedLine } from '#services/refdata/dataset'
import { searchKey } from '#services/patients/search_key'

const CADASTRAL = /^[A-Z]\d{3}$/

interface Place {
  code: string
  name: string
  province: string | null
  istat: string | null
  iso3166: string | null
  validFrom: string | null
  validTo: string | null
}

const LICENCE = 'CC BY 4.0 (Ministero dell’Interno – ANPR, Agenzia delle Entrate); CC BY 3.0 (ISTAT)'
const ATTRIBUTION = 'Comuni: Ministero dell’Interno (ANPR) e Agenzia delle Entrate; Stati esteri: ISTAT; via @marketto/belfiore-connector-embedded'

/** "9999-12-31" (still valid) becomes null; Italian dd/mm/yyyy dates are accepted. */
function isoDay(value: Date | string | null | undefined): string | null {
  if (!value) return null
  const dt =
    value instanceof Date
      ? DateTime.fromJSDate(value, { zone: 'utc' })
      : /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(value)
        ? DateTime.fromFormat(value, 'd/M/yyyy', { zone: 'utc' })
        : DateTime.fromISO(value.slice(0, 10), { zone: 'utc' })
  if (!dt.isValid || dt.year >= 9999) return null
  return dt.toISODate()
}

function toDataset(places: Place[], skipped: SkippedLine[], version: string, sha256: string, sourceUrl: string | null): LoadedDataset {
  const comuni: Row[] = []
  const states: Row[] = []
  const seen = new Set<string>()
  for (const p of places) {
    const key = `${p.code}|${p.validFrom ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    if (p.code.startsWith('Z')) {
      states.push({ cadastral_code: p.code, name: p.name.slice(0, 120), iso3166: p.iso3166, valid_to: p.validTo })
    } else {
      comuni.push({
        cadastral_code: p.code,
        istat_code: p.istat,
        name: p.name.slice(0, 120),
        name_search: searchKey(p.name).slice(0, 120),
        province_sigla: p.province,
        valid_from: p.validFrom,
        valid_to: p.validTo,
      })
    }
  }
  return {
    key: 'comuni',
    tables: [
      // The same code was reused over time (a comune suppressed, another created): code + start date.
      { table: 'comuni', keyColumns: ['cadastral_code', 'valid_from'], rows: comuni },
      { table: 'foreign_states', keyColumns: ['cadastral_code'], rows: states },
    ],
    skipped,
    version,
    sourceUrl,
    licence: LICENCE,
    attribution: ATTRIBUTION,
    sha256,
  }
}

/** Every place of the embedded Belfiore dataset. */
export async function loadComuniFromPackage(): Promise<LoadedDataset> {
  const { belfioreConnector } = await import('@marketto/belfiore-connector-embedded')
  const list = await belfioreConnector.toArray()
  const places: Place[] = list.map((p) => {
    const extra = p as { province?: string; iso3166?: string }
    return {
      code: p.belfioreCode,
      name: p.name,
      province: extra.province || null,
      istat: null,
      iso3166: extra.iso3166?.trim() || null,
      validFrom: isoDay(p.creationDate),
      validTo: isoDay(p.expirationDate),
    }
  })
  const pkg = createRequire(import.meta.url)('@marketto/belfiore-connector-embedded/package.json')
  const sha256 = createHash('sha256').update(JSON.stringify(places)).digest('hex')
  return toDataset(places, [], `belfiore-embedded-${pkg.version}`, sha256, 'https://www.npmjs.com/package/@marketto/belfiore-connector-embedded')
}

export function loadComuniFromFile(file: string): LoadedDataset {
  const csv = readCsv(file)
  const col = (names: string[]) => pickColumn(csv.header, names)
  const code = col(['codcatastale', 'codice_catastale', 'cadastral_code', 'belfiore'])
  const name = col(['denominazione_it', 'denominazione', 'nome', 'name'])
  const province = col(['siglaprovincia', 'sigla_provincia', 'provincia', 'province'])
  const istat = col(['codistat', 'codice_istat', 'istat'])
  const from = col(['dataistituzione', 'data_istituzione', 'valid_from', 'data_inizio'])
  const to = col(['datacessazione', 'data_cessazione', 'valid_to', 'data_fine'])
  const iso = col(['iso3166', 'codice_iso', 'iso'])
  if (!code || !name) {
    throw new Error(`Intestazione non riconosciuta (${csv.header.join(';')}): servono le colonne codice_catastale;denominazione.`)
  }
  const skipped: SkippedLine[] = []
  const places: Place[] = []
  for (const { line, values } of csv.rows) {
    const cadastral = values[code].toUpperCase()
    if (!CADASTRAL.test(cadastral)) {
      skipped.push({ line, reason: `codice catastale non valido «${values[code]}»` })
      continue
    }
    if (!values[name]) {
      skipped.push({ line, reason: `denominazione mancante per ${cadastral}` })
      continue
    }
    const sigla = province ? values[province].toUpperCase() : ''
    places.push({
      code: cadastral,
      name: values[name],
      province: /^[A-Z]{2}$/.test(sigla) ? sigla : null,
      istat: istat && /^\d{6}$/.test(values[istat]) ? values[istat] : null,
      iso3166: iso ? values[iso].toUpperCase() || null : null,
      validFrom: from ? isoDay(values[from]) : null,
      validTo: to ? isoDay(values[to]) : null,
    })
  }
  const sha256 = createHash('sha256').update(csv.bytes).digest('hex')
  return toDataset(places, skipped, sha256.slice(0, 12), sha256, null)
}
