/*
| The comune picker: comuni by name prefix (the indexed name_search column), current ones
| first, and foreign states for birth places. Also finds one by codice catastale.
*/
import db from '@adonisjs/lucid/services/db'
import { searchKey } from '#services/patients/search_key'
import { wherePrefix } from '#services/refdata/prefix_match'
import { sqlDate } from '#services/patients/sql_date'
import { translate as t } from '#services/i18n'

export interface PlaceOption {
  code: string
  name: string
  province: string | null
  suppressedOn: string | null
  foreign: boolean
  /** "Roma (RM)", "Svizzera": what the record stores as the place name. */
  fullName: string
  /** What the picker shows: the full name, marked when suppressed or foreign. */
  label: string
}

export const CADASTRAL_CODE = /^[A-Z]\d{3}$/

export function comuneOption(row: any): PlaceOption {
  const suppressedOn = sqlDate(row.valid_to)
  const name = row.province_sigla ? `${row.name} (${row.province_sigla})` : row.name
  return {
    code: row.cadastral_code,
    name: row.name,
    province: row.province_sigla ?? null,
    suppressedOn,
    foreign: false,
    fullName: name,
    label: suppressedOn ? t('refdata.comune_suppressed', { name, year: suppressedOn.slice(0, 4) }) : name,
  }
}

export function stateOption(row: any): PlaceOption {
  return {
    code: row.cadastral_code,
    name: row.name,
    province: null,
    suppressedOn: sqlDate(row.valid_to),
    foreign: true,
    fullName: row.name,
    label: t('refdata.foreign_state', { name: row.name }),
  }
}

/** Current comuni first, then suppressed ones (older patients were born there), then states. */
export async function searchComuni(typed: string, options: { currentOnly?: boolean; limit?: number } = {}) {
  const limit = options.limit ?? 20
  const code = typed.trim().toUpperCase()
  if (CADASTRAL_CODE.test(code)) {
    const place = await findPlaceByCode(code, options)
    return place ? [place] : []
  }
  const key = searchKey(typed)
  if (key.length < 2) return []
  const query = db.from('comuni').select('cadastral_code', 'name', 'province_sigla', 'valid_to')
  wherePrefix(query, 'name_search', key)
  if (options.currentOnly) query.whereNull('valid_to')
  const rows = await query.orderByRaw('case when valid_to is null then 0 else 1 end').orderBy('name').limit(limit)
  const places = rows.map(comuneOption)
  if (!options.currentOnly && places.length < limit) {
    // ~250 foreign states: compared in memory with the same folding as the comuni.
    const states = await db.from('foreign_states').select('cadastral_code', 'name', 'valid_to').orderBy('name')
    places.push(...states.filter((s: any) => searchKey(s.name).startsWith(key)).slice(0, limit - places.length).map(stateOption))
  }
  return places
}

/** The comune (the current one when the code was reused) or foreign state with this code. */
export async function findPlaceByCode(code: string, options: { currentOnly?: boolean } = {}): Promise<PlaceOption | null> {
  const query = db.from('comuni').where('cadastral_code', code.toUpperCase())
  if (options.currentOnly) query.whereNull('valid_to')
  const comune = await query.orderByRaw('case when valid_to is null then 0 else 1 end').orderBy('valid_from', 'desc').first()
  if (comune) return comuneOption(comune)
  if (options.currentOnly) return null
  const state = await db.from('foreign_states').where('cadastral_code', code.toUpperCase()).first()
  return state ? stateOption(state) : null
}
