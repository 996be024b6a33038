/*
| The drug picker of the prescription: packs by name prefix (the indexed name_search), by
| active ingredient (drug_ingredients.ingredient) or by AIC code, retired packs hidden; and
| the alternatives of a pack (same equivalence group, else same ingredients and pack).
*/
import db from '@adonisjs/lucid/services/db'
import { normalizedText } from '#services/refdata/dataset'
import { wherePrefix } from '#services/refdata/prefix_match'
import { whereTextPrefix } from '#services/refdata/text_prefix'
import { searchKey } from '#services/patients/search_key'
import { sqlDate } from '#services/patients/sql_date'

export interface DrugOption {
  aic: string
  name: string
  pack: string | null
  company: string | null
  atc: string | null
  activeIngredients: string | null
  drugClass: 'A' | 'H' | 'C' | null
  publicPriceCents: number | null
  referencePriceCents: number | null
  /** What the patient pays above the SSN reference price (transparency list), if anything. */
  differenceCents: number | null
  equivalenceGroup: string | null
  inTransparencyList: boolean
  retiredOn: string | null
  /** "TORVAST 20 mg 30 compresse": what the picker shows and the prescription prints. */
  label: string
}

const COLUMNS = [
  'aic',
  'name',
  'pack',
  'company',
  'atc',
  'active_ingredients',
  'class',
  'public_price_cents',
  'reference_price_cents',
  'equivalence_group',
  'in_transparency_list',
  'valid_to',
]

const AIC_TYPED = /^A?\d{4,9}$/

export function drugOption(row: any): DrugOption {
  const price = row.public_price_cents === null ? null : Number(row.public_price_cents)
  const reference = row.reference_price_cents === null ? null : Number(row.reference_price_cents)
  return {
    aic: row.aic,
    name: row.name,
    pack: row.pack ?? null,
    company: row.company ?? null,
    atc: row.atc ?? null,
    activeIngredients: row.active_ingredients ?? null,
    drugClass: row.class ?? null,
    publicPriceCents: price,
    referencePriceCents: reference,
    differenceCents: price !== null && reference !== null ? Math.max(0, price - reference) : null,
    equivalenceGroup: row.equivalence_group ?? null,
    inTransparencyList: Boolean(row.in_transparency_list),
    retiredOn: sqlDate(row.valid_to),
    label: row.pack ? `${row.name} ${row.pack}` : row.name,
  }
}

/** Packs whose name starts with the typed text, in name order (the name_search index). */
export function drugsByNameQuery(typed: string, limit: number) {
  const query = db.from('drugs').select(COLUMNS).whereNull('valid_to')
  return wherePrefix(query, 'name_search', searchKey(typed)).orderBy('name_search').orderBy('pack').limit(limit)
}

/** Packs with an active ingredient starting with the typed text ("amlod", "acido acet"). */
export function drugsByIngredientQuery(typed: string, limit: number) {
  const ingredients = db.from('drug_ingredients').select('aic').whereNull('valid_to')
  whereTextPrefix(ingredients, 'ingredient', normalizedText(typed))
  return db.from('drugs').select(COLUMNS).whereIn('aic', ingredients).whereNull('valid_to').orderBy('name_search').orderBy('pack').limit(limit)
}

/** A complete AIC, or its first digits (the first six name the medicinal product). */
export function drugsByAicQuery(typed: string, limit: number) {
  const digits = typed.trim().toUpperCase().replace(/^A/, '')
  const query = db.from('drugs').select(COLUMNS).whereNull('valid_to')
  if (digits.length === 9) query.where('aic', digits)
  else wherePrefix(query, 'aic', digits)
  return query.orderBy('aic').limit(limit)
}

/** Name matches first, then packs found by active ingredient; retired packs never. */
export async function searchDrugs(typed: string, options: { limit?: number } = {}): Promise<DrugOption[]> {
  const limit = options.limit ?? 20
  const compact = typed.replace(/\s/g, '').toUpperCase()
  if (AIC_TYPED.test(compact)) {
    const rows = await drugsByAicQuery(compact, limit)
    // Spreadsheets print the AIC without its leading zeros (24840074 for 024840074).
    const digits = compact.replace(/^A/, '')
    if (!rows.length && digits.length >= 6 && digits.length < 9) rows.push(...(await drugsByAicQuery(digits.padStart(9, '0'), limit)))
    return rows.map(drugOption)
  }
  if (searchKey(typed).length < 2) return []
  const found: DrugOption[] = (await drugsByNameQuery(typed, limit)).map(drugOption)
  if (found.length < limit) {
    const seen = new Set(found.map((d) => d.aic))
    for (const row of await drugsByIngredientQuery(typed, limit)) {
      if (found.length >= limit) break
      if (!seen.has(row.aic)) found.push(drugOption(row))
    }
  }
  return found
}

/** One pack by AIC, retired or not (an old prescription still shows what it named). */
export async function findDrug(aic: string): Promise<DrugOption | null> {
  const row = await db.from('drugs').select(COLUMNS).where('aic', aic).first()
  return row ? drugOption(row) : null
}

/**
 * Current packs that can replace this one, cheapest first: the same AIFA equivalence group;
 * without a group, the same ATC code, active ingredients and pack description.
 */
export async function equivalentDrugs(aic: string, limit = 20): Promise<DrugOption[]> {
  const drug = await db.from('drugs').select('equivalence_group', 'atc', 'active_ingredients', 'pack').where('aic', aic).first()
  if (!drug) return []
  const query = db.from('drugs').select(COLUMNS).whereNull('valid_to').whereNot('aic', aic)
  if (drug.equivalence_group) {
    query.where('equivalence_group', drug.equivalence_group)
  } else if (drug.atc && drug.active_ingredients && drug.pack) {
    query.where('atc', drug.atc).where('active_ingredients', drug.active_ingredients).where('pack', drug.pack)
  } else {
    return []
  }
  const rows = await query
    .orderByRaw('case when public_price_cents is null then 1 else 0 end')
    .orderBy('public_price_cents')
    .orderBy('name_search')
    .limit(limit)
  return rows.map(drugOption)
}
