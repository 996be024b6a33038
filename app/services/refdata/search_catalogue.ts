/*
| The specialist-services picker of the prescription, within one region's catalogue: by
| code prefix (national or regional code; "8952" is read as 89.52) or by words of the
| description, retired items hidden.
*/
import db from '@adonisjs/lucid/services/db'
import { normalizedText } from '#services/refdata/dataset'
import { whereTextPrefix } from '#services/refdata/text_prefix'
import { sqlDate } from '#services/patients/sql_date'

export interface CatalogueOption {
  region: string
  regionalCode: string
  nationalCode: string
  description: string
  notes: string | null
  brancaCodes: string | null
  tariffCents: number | null
  maxQuantity: number | null
  sex: 'M' | 'F' | null
  minAge: number | null
  maxAge: number | null
  requiresQuestion: boolean
  retiredOn: string | null
  /** "89.52 ELETTROCARDIOGRAMMA" */
  label: string
}

const COLUMNS = [
  'region',
  'regional_code',
  'national_code',
  'description',
  'notes',
  'branca_codes',
  'tariff_cents',
  'max_quantity',
  'sex',
  'min_age',
  'max_age',
  'requires_question',
  'valid_to',
]

const CODE_TYPED = /^[0-9A-Z][0-9A-Z.-]*$/

export function catalogueOption(row: any): CatalogueOption {
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return {
    region: row.region,
    regionalCode: row.regional_code,
    nationalCode: row.national_code,
    description: row.description,
    notes: row.notes ?? null,
    brancaCodes: row.branca_codes ?? null,
    tariffCents: number(row.tariff_cents),
    maxQuantity: number(row.max_quantity),
    sex: row.sex ?? null,
    minAge: number(row.min_age),
    maxAge: number(row.max_age),
    requiresQuestion: Boolean(row.requires_question),
    retiredOn: sqlDate(row.valid_to),
    label: `${row.national_code} ${row.description}`,
  }
}

/** "8952" → "89.52", "897" → "89.7": codes typed without the dot. */
export function withCodeDot(code: string): string {
  return /^\d{3,4}$/.test(code) ? `${code.slice(0, 2)}.${code.slice(2)}` : code
}

/** Items of the region whose national (or regional) code starts with `code`. */
export function catalogueByCodeQuery(region: string, code: string, column: 'national_code' | 'regional_code', limit: number) {
  const query = db.from('catalogue_items').select(COLUMNS).where('region', region).whereNull('valid_to')
  return whereTextPrefix(query, column, code).orderBy(column).limit(limit)
}

/** Items of the region whose description holds every typed word. */
export function catalogueByWordsQuery(region: string, typed: string, limit: number) {
  const words = normalizedText(typed).split(' ').filter(Boolean)
  const query = db.from('catalogue_items').select(COLUMNS).where('region', region).whereNull('valid_to')
  // LIKE '%word%' cannot use an index: the region narrows the rows (a few thousand at most).
  for (const word of words) query.where('description_search', 'like', `%${word}%`)
  // Descriptions that start with the first word ("ecografia …") before those that mention it.
  return query
    .orderByRaw('case when description_search like ? then 0 else 1 end', [`${words[0]}%`])
    .orderBy('description_search')
    .limit(limit)
}

export async function searchCatalogue(typed: string, options: { region: string; limit?: number }): Promise<CatalogueOption[]> {
  const limit = options.limit ?? 20
  const region = options.region.toLowerCase()
  const text = typed.trim().toUpperCase()
  if (normalizedText(text).replace(/[ .]/g, '').length < 2) return []
  // A code has a digit, a dot or a dash ("89.52", "G2", "LZ-ECO"); words have none.
  if (CODE_TYPED.test(text) && /[\d.-]/.test(text)) {
    const code = withCodeDot(text)
    const rows = await catalogueByCodeQuery(region, code, 'national_code', limit)
    const seen = new Set(rows.map((r: any) => r.regional_code))
    if (rows.length < limit) {
      for (const row of await catalogueByCodeQuery(region, text, 'regional_code', limit - rows.length)) {
        if (!seen.has(row.regional_code)) rows.push(row)
      }
    }
    if (rows.length) return rows.map(catalogueOption)
  }
  return (await catalogueByWordsQuery(region, typed, limit)).map(catalogueOption)
}

/** One item by regional or national code in the region's catalogue, retired or not. */
export async function findCatalogueItem(region: string, code: string): Promise<CatalogueOption | null> {
  const clean = code.trim().toUpperCase()
  const row =
    (await db.from('catalogue_items').select(COLUMNS).where('region', region.toLowerCase()).where('regional_code', clean).first()) ??
    (await db
      .from('catalogue_items')
      .select(COLUMNS)
      .where('region', region.toLowerCase())
      .where('national_code', clean)
      .orderByRaw('case when valid_to is null then 0 else 1 end')
      .first())
  return row ? catalogueOption(row) : null
}
