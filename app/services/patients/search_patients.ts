/*
| The registry search. Every condition is an index-friendly comparison on a stored column
| (prefix match on the *_search columns and fiscal_code, equality on birth_year and status),
| never a function on a column, so it stays fast on a hundred thousand patients.
*/
import db from '@adonisjs/lucid/services/db'
import type { PatientQuery } from '#services/patients/parse_patient_query'
import { sqlDate } from '#services/patients/sql_date'
import { wherePrefix } from '#services/refdata/prefix_match'

export interface PatientSearchRow {
  id: number
  fiscalCode: string
  lastName: string
  firstName: string
  sex: string
  birthDate: string
  status: string
  statusDate: string | null
  birthPlaceName: string | null
  residenceComune: string | null
  doctorName: string | null
}

export interface PatientSearchOptions {
  scope: 'active' | 'all'
  limit?: number
}

export const SEARCH_LIMIT = 50

/** The SQL of a search, limited to `limit` rows (exposed so tests can read its query plan). */
export function patientSearchQuery(query: PatientQuery, options: PatientSearchOptions) {
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
      'patients.status_date',
      'patients.birth_place_name',
      'users.first_name as doctor_first_name',
      'users.last_name as doctor_last_name'
    )
    // Name of the comune of residence: one indexed lookup for each of the few rows returned.
    .select(
      db.raw(
        '(select min(c.name) from comuni c where c.cadastral_code = patients.residence_comune_code) as residence_comune_name'
      )
    )
  if (options.scope === 'active') q.where('patients.status', 'active')
  if (query.fiscalCode) q.where('patients.fiscal_code', query.fiscalCode)
  if (query.fiscalCodePrefix) wherePrefix(q, 'patients.fiscal_code', query.fiscalCodePrefix)
  if (query.lastNamePrefix) wherePrefix(q, 'patients.last_name_search', query.lastNamePrefix)
  if (query.firstNamePrefix) wherePrefix(q, 'patients.first_name_search', query.firstNamePrefix)
  if (query.birthYear) q.where('patients.birth_year', query.birthYear)
  return q
    .orderBy('patients.last_name_search')
    .orderBy('patients.first_name_search')
    .orderBy('patients.id')
    .limit(options.limit ?? SEARCH_LIMIT)
}

/**
 * Up to `limit` patients in surname, name order, and whether there are more. When nothing
 * matches and the query has a fallback (six letters: surname or CF start), the fallback runs.
 */
export async function searchPatients(
  query: PatientQuery,
  options: PatientSearchOptions
): Promise<{ rows: PatientSearchRow[]; hasMore: boolean }> {
  const limit = options.limit ?? SEARCH_LIMIT
  let found = await patientSearchQuery(query, { ...options, limit: limit + 1 })
  if (found.length === 0 && query.fallback) {
    found = await patientSearchQuery(query.fallback, { ...options, limit: limit + 1 })
  }
  return { rows: found.slice(0, limit).map(toRow), hasMore: found.length > limit }
}

function toRow(r: any): PatientSearchRow {
  return {
    id: r.id,
    fiscalCode: r.fiscal_code,
    lastName: r.last_name,
    firstName: r.first_name,
    sex: r.sex,
    birthDate: sqlDate(r.birth_date)!,
    status: r.status,
    statusDate: sqlDate(r.status_date),
    birthPlaceName: r.birth_place_name,
    residenceComune: r.residence_comune_name ?? null,
    doctorName: r.doctor_last_name ? `${r.doctor_first_name} ${r.doctor_last_name}` : null,
  }
}
