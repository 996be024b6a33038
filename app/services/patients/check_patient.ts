/*
| The registry checks a secretary cannot be trusted to do by eye: codice fiscale (form,
| check character, coherence with the data), dates, duplicates, comuni, ASL and doctor.
| Returns one Italian message per field, and the places the typed comuni resolved to.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { translate as t } from '#services/i18n'
import {
  coherenceMismatches,
  fiscalCodeProblem,
  normalizeFiscalCode,
  placeNameOf,
  type CoherenceMismatch,
} from '#services/patients/fiscal_code'
import { sqlDate } from '#services/patients/sql_date'
import { findPlace } from '#services/refdata/find_place'
import type { PlaceOption } from '#services/refdata/search_comuni'

export interface PatientInput {
  fiscal_code: string
  last_name: string
  first_name: string
  sex: 'M' | 'F'
  birth_date: Date
  birth_place_code?: string
  residence_address?: string
  residence_comune_code?: string
  residence_cap?: string
  domicile_address?: string
  domicile_comune_code?: string
  domicile_cap?: string
  asl_code?: string
  doctor_id?: number
  phone?: string
  mobile?: string
  email?: string
  status: 'active' | 'revoked' | 'deceased'
  status_date?: Date
  notes?: string
}

export type PlaceField = 'birth_place_code' | 'residence_comune_code' | 'domicile_comune_code'

export interface PatientCheck {
  errors: Record<string, string>
  duplicate?: { id: number; name: string; birthDate: string }
  places: Partial<Record<PlaceField, PlaceOption>>
}

const OLDEST_BIRTH = DateTime.fromISO('1900-01-01')
const formatDate = (iso: string) => DateTime.fromISO(iso).toFormat('dd/MM/yyyy')

/** The Italian message for a code that is not formally valid, or null. */
export function fiscalCodeError(value: string): string | null {
  const cf = normalizeFiscalCode(value)
  const problem = fiscalCodeProblem(cf)
  if (problem === 'length') return t('patients.cf_length', { n: cf.length })
  if (problem === 'format') return t('patients.cf_invalid_format')
  if (problem === 'date') return t('patients.cf_invalid_date')
  if (problem === 'check_character') return t('patients.cf_invalid_check')
  return null
}

function describeMismatch(m: CoherenceMismatch, places: PatientCheck['places'], codePlace?: string | null) {
  switch (m.part) {
    case 'last_name':
    case 'first_name':
      return t(`patients.cf_part_${m.part}`, { code: m.inCode, data: m.fromData || '—' })
    case 'sex':
      return t('patients.cf_part_sex', { sex: t(`patients.sex_${m.inCode}`).toLowerCase() })
    case 'birth_date':
      return t('patients.cf_part_birth_date', { date: formatDate(m.inCode) })
    case 'birth_place':
      return t('patients.cf_part_birth_place', {
        place: codePlace ? `${codePlace} – ${m.inCode}` : m.inCode,
        typed: places.birth_place_code?.label ?? m.fromData,
      })
  }
}

async function resolvePlaces(input: PatientInput, errors: Record<string, string>) {
  const places: PatientCheck['places'] = {}
  const fields: [PlaceField, boolean][] = [
    ['birth_place_code', false],
    ['residence_comune_code', true],
    ['domicile_comune_code', true],
  ]
  for (const [field, currentOnly] of fields) {
    const typed = input[field]
    if (!typed) continue
    const found = await findPlace(typed, { currentOnly })
    if (found.status === 'found') places[field] = found.place
    else if (found.status === 'ambiguous') {
      errors[field] = t('patients.comune_ambiguous', { example: found.candidates.slice(0, 2).map((c) => c.label).join('», «') })
    } else errors[field] = t(currentOnly ? 'patients.comune_unknown_current' : 'patients.comune_unknown')
  }
  return places
}

export async function checkPatient(input: PatientInput, existingId?: number): Promise<PatientCheck> {
  const errors: Record<string, string> = {}
  const today = DateTime.now().startOf('day')
  const birthDate = DateTime.fromJSDate(input.birth_date).startOf('day')
  if (birthDate > today) errors.birth_date = t('patients.birth_future')
  else if (birthDate < OLDEST_BIRTH) errors.birth_date = t('patients.birth_too_old')

  const places = await resolvePlaces(input, errors)

  const fiscalCode = normalizeFiscalCode(input.fiscal_code)
  const formError = fiscalCodeError(fiscalCode)
  if (formError) errors.fiscal_code = formError
  else if (!errors.birth_date && !errors.birth_place_code) {
    const mismatches = coherenceMismatches(fiscalCode, {
      lastName: input.last_name,
      firstName: input.first_name,
      sex: input.sex,
      birthDate,
      birthPlaceCode: places.birth_place_code?.code,
    })
    if (mismatches.length) {
      const inCodePlace = mismatches.find((m) => m.part === 'birth_place')?.inCode
      const codePlace = inCodePlace ? await placeLabel(inCodePlace) : null
      errors.fiscal_code = t('patients.cf_incoherent', {
        parts: mismatches.map((m) => describeMismatch(m, places, codePlace)).join('; '),
      })
    }
  }

  let duplicate: PatientCheck['duplicate']
  if (!formError) {
    const other = await db
      .from('patients')
      .where('fiscal_code', fiscalCode)
      .if(existingId, (q) => q.whereNot('id', existingId!))
      .select('id', 'last_name', 'first_name', 'birth_date')
      .first()
    if (other) {
      duplicate = { id: other.id, name: `${other.last_name} ${other.first_name}`, birthDate: sqlDate(other.birth_date)! }
      errors.fiscal_code = t('patients.cf_duplicate', { name: duplicate.name, date: formatDate(duplicate.birthDate) })
    }
  }

  if (input.status !== 'active') {
    if (!input.status_date) errors.status_date = t(`patients.status_date_required_${input.status}`)
    else {
      const d = DateTime.fromJSDate(input.status_date).startOf('day')
      if (d > today) errors.status_date = t('patients.status_date_future')
      else if (d < birthDate) errors.status_date = t('patients.status_date_before_birth')
    }
  }

  if (input.asl_code && !(await db.from('asl').where('code6', input.asl_code).first())) {
    errors.asl_code = t('patients.asl_unknown')
  }
  if (input.doctor_id) {
    const doctor = await db.from('users').where('id', input.doctor_id).where('role', 'titolare').first()
    if (!doctor) errors.doctor_id = t('patients.doctor_unknown')
  }
  return { errors, duplicate, places }
}

/** "Roma (RM)" for a code, from the comuni table or else the embedded Belfiore dataset. */
async function placeLabel(code: string) {
  const row = await db.from('comuni').where('cadastral_code', code).first()
  if (row) return row.province_sigla ? `${row.name} (${row.province_sigla})` : row.name
  const state = await db.from('foreign_states').where('cadastral_code', code).first()
  if (state) return state.name
  return placeNameOf(code)
}
