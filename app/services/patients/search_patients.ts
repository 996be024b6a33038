/*
| The registry search. Every condition is an index-friendly comparison on a stored column
| (prefix LIKE on the *_search columns, equality on fiscal_code and birth_year), so it stays
| fast on a hundred thousand patients.
*/
import db from '@adonisjs/lucid/services/db'
import type { PatientQuery } from '#services/patients/parse_patient_query'

export interface PatientSearchRow {
  id: number
  fiscalCode: string
  lastName: string
  firstName: string
  sex: string
  birthDate: string
  status: string
  birthPlaceName: string | null
  doctorName: string | null
}

export const SEARCH_LIMIT = 50

/**
 * A prefix match that uses the column's index: GLOB on SQLite (its LIKE is case-insensitive
 * and skips the index), LIKE on MariaDB. Prefixes only ever hold [A-Z0-9], no wildcards.
 */
function startsWith(q: any, column: string, prefix: string) {
  const clean = prefix.replace(/[^A-Z0-9]/g, '')
  if (db.connection().dialect.name === 'mysql') q.where(column, 'like', `${clean}%`)
  else q.whereRaw(`${column} GLOB ?`, [`${clean}*`])
}

export async function searchPatients(
  query: PatientQuery,
  options: { scope: 'active' | 'all'; limit?: number }
): Promise<PatientSearchRow[]> {
  const q = db
    .from('patients')
    .leftJoin('users', 'users.id', 'patients.doctor_id')
    .select(
      'patients.id',
      'patients.fiscal_code',
      'patients.last_name',
      'patients.first_name',
      'patients.sex',
      'patients.birth_date',
      'patients.status',
      'patients.birth_place_name',
      'users.first_name as doctor_first_name',
      'users.last_name as doctor_last_name'
    )
  if (options.scope === 'active') q.where('patients.status', 'active')
  if (query.fiscalCode) q.where('patients.fiscal_code', query.fiscalCode)
  if (query.fiscalCodePrefix) startsWith(q, 'patients.fiscal_code', query.fiscalCodePrefix)
  if (query.lastNamePrefix) startsWith(q, 'patients.last_name_search', query.lastNamePrefix)
  if (query.firstNamePrefix) startsWith(q, 'patients.first_name_search', query.firstNamePrefix)
  if (query.birthYear) q.where('patients.birth_year', query.birthYear)

  const rows = await q
    .orderBy('patients.last_name_search')
    .orderBy('patients.first_name_search')
    .limit(options.limit ?? SEARCH_LIMIT)

  return rows.map((r: any) => ({
    id: r.id,
    fiscalCode: r.fiscal_code,
    lastName: r.last_name,
    firstName: r.first_name,
    sex: r.sex,
    birthDate: typeof r.birth_date === 'string' ? r.birth_date.slice(0, 10) : toIsoDate(r.birth_date),
    status: r.status,
    birthPlaceName: r.birth_place_name,
    doctorName: r.doctor_last_name ? `${r.doctor_first_name} ${r.doctor_last_name}` : null,
  }))
}

function toIsoDate(value: Date) {
  const d = new Date(value)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
