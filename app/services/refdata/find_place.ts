/*
| Turns what was typed in a comune field into a codice catastale: the code itself ("H501"),
| an option label ending with the code, or a name ("Roma", "Roma (RM)") that only one place
| has. Forms keep working without JavaScript, where the picker cannot fill in the code.
*/
import db from '@adonisjs/lucid/services/db'
import { searchKey } from '#services/patients/search_key'
import { CADASTRAL_CODE, comuneOption, findPlaceByCode, stateOption, type PlaceOption } from '#services/refdata/search_comuni'

export type PlaceLookup =
  | { status: 'found'; place: PlaceOption }
  | { status: 'unknown' }
  | { status: 'ambiguous'; candidates: PlaceOption[] }

export async function findPlace(typed: string, options: { currentOnly?: boolean } = {}): Promise<PlaceLookup> {
  const text = typed.trim()
  const trailingCode = text.toUpperCase().match(/(?:^|[\s–-])([A-Z]\d{3})$/)?.[1]
  if (trailingCode && (CADASTRAL_CODE.test(text.toUpperCase()) || text.length > 4)) {
    const place = await findPlaceByCode(trailingCode, options)
    return place ? { status: 'found', place } : { status: 'unknown' }
  }

  const withProvince = text.match(/^(.*?)\s*\(([A-Za-z]{2})\)$/)
  const key = searchKey(withProvince ? withProvince[1] : text)
  if (!key) return { status: 'unknown' }
  const query = db.from('comuni').where('name_search', key)
  if (withProvince) query.where('province_sigla', withProvince[2].toUpperCase())
  if (options.currentOnly) query.whereNull('valid_to')
  const comuni = (await query.orderBy('valid_from', 'desc')).map(comuneOption)
  const current = comuni.filter((c) => !c.suppressedOn)
  const candidates = current.length ? current : comuni
  if (candidates.length === 1) return { status: 'found', place: candidates[0] }
  if (candidates.length > 1) return { status: 'ambiguous', candidates }
  if (!options.currentOnly && !withProvince) {
    const states = await db.from('foreign_states').select('cadastral_code', 'name', 'valid_to')
    const state = states.find((s: any) => searchKey(s.name) === key)
    if (state) return { status: 'found', place: stateOption(state) }
  }
  return { status: 'unknown' }
}
