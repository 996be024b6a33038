/*
| Creates or updates a patient from the validated registry form, after the checks a
| secretary cannot be trusted to do by eye: codice fiscale check character and coherence,
| dates, duplicates, comuni. Returns field errors in Italian or the saved patient.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Patient from '#models/patient'
import User from '#models/user'
import { coherenceProblems, fiscalCodeProblem, normalizeFiscalCode } from '#services/patients/fiscal_code'
import { translate as t } from '#services/i18n'

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

export type SaveResult =
  | { ok: true; patient: Patient; changed: string[] }
  | { ok: false; errors: Record<string, string>; duplicateId?: number }

async function comuneName(code: string | undefined): Promise<string | null | false> {
  if (!code) return null
  const row =
    (await db.from('comuni').where('cadastral_code', code).orderBy('valid_to', 'desc').first()) ??
    (await db.from('foreign_states').where('cadastral_code', code).first())
  if (!row) return false
  return row.province_sigla ? `${row.name} (${row.province_sigla})` : row.name
}

export async function savePatient(input: PatientInput, existing?: Patient): Promise<SaveResult> {
  const errors: Record<string, string> = {}
  const fiscalCode = normalizeFiscalCode(input.fiscal_code)
  const birthDate = DateTime.fromJSDate(input.birth_date).startOf('day')
  const today = DateTime.now().startOf('day')

  if (birthDate > today) errors.birth_date = t('patients.birth_future')
  else if (birthDate.year < 1900) errors.birth_date = t('patients.birth_too_old')

  const problem = fiscalCodeProblem(fiscalCode)
  if (problem === 'format') errors.fiscal_code = t('patients.cf_invalid_format')
  else if (problem === 'check_character') errors.fiscal_code = t('patients.cf_invalid_check')
  else if (!errors.birth_date) {
    const parts = coherenceProblems(fiscalCode, {
      lastName: input.last_name,
      firstName: input.first_name,
      sex: input.sex,
      birthDate,
      birthPlaceCode: input.birth_place_code,
    })
    if (parts.length) {
      errors.fiscal_code = t('patients.cf_incoherent', {
        parts: parts.map((p) => t(`patients.cf_part_${p}`)).join(', '),
      })
    }
  }

  let duplicateId: number | undefined
  if (!errors.fiscal_code) {
    const other = await Patient.query()
      .where('fiscal_code', fiscalCode)
      .if(existing, (q) => q.whereNot('id', existing!.id))
      .first()
    if (other) {
      errors.fiscal_code = t('patients.cf_duplicate')
      duplicateId = other.id
    }
  }

  if (input.status !== 'active') {
    if (!input.status_date) errors.status_date = t('patients.status_date_required')
    else {
      const d = DateTime.fromJSDate(input.status_date)
      if (d > today) errors.status_date = t('patients.status_date_future')
      else if (d < birthDate) errors.status_date = t('patients.status_date_before_birth')
    }
  }

  const places: Record<string, string | null> = {}
  for (const field of ['birth_place_code', 'residence_comune_code', 'domicile_comune_code'] as const) {
    const name = await comuneName(input[field])
    if (name === false) errors[field] = t('patients.comune_unknown')
    else places[field] = name
  }

  if (input.doctor_id) {
    const doctor = await User.query().where('id', input.doctor_id).where('role', 'titolare').first()
    if (!doctor) errors.doctor_id = t('patients.doctor_unknown')
  }

  if (Object.keys(errors).length) return { ok: false, errors, duplicateId }

  const patient = existing ?? new Patient()
  patient.merge({
    fiscalCode,
    lastName: input.last_name,
    firstName: input.first_name,
    sex: input.sex,
    birthDate,
    birthPlaceCode: input.birth_place_code ?? null,
    birthPlaceName: places.birth_place_code ?? null,
    residenceAddress: input.residence_address ?? null,
    residenceComuneCode: input.residence_comune_code ?? null,
    residenceCap: input.residence_cap ?? null,
    domicileAddress: input.domicile_address ?? null,
    domicileComuneCode: input.domicile_comune_code ?? null,
    domicileCap: input.domicile_cap ?? null,
    aslCode: input.asl_code ?? null,
    doctorId: input.doctor_id ?? null,
    phone: input.phone ?? null,
    mobile: input.mobile ?? null,
    email: input.email ?? null,
    status: input.status,
    statusDate: input.status === 'active' || !input.status_date ? null : DateTime.fromJSDate(input.status_date),
    notes: input.notes ?? null,
  })
  const changed = Object.keys(patient.$dirty)
  await patient.save()
  return { ok: true, patient, changed }
}
