/*
| Creates or updates a patient from the validated registry form after checkPatient():
| either every field is stored or nothing is, and the caller learns which fields changed
| (names only: the audit log must not copy sensitive values).
*/
import { DateTime } from 'luxon'
import Patient from '#models/patient'
import { normalizeFiscalCode } from '#services/patients/fiscal_code'
import { checkPatient, type PatientCheck, type PatientInput } from '#services/patients/check_patient'

export type { PatientInput } from '#services/patients/check_patient'

export type SaveResult =
  | { ok: true; patient: Patient; changed: string[] }
  | { ok: false; errors: Record<string, string>; duplicate?: PatientCheck['duplicate'] }

const orNull = (value: string | undefined) => (value === undefined || value === '' ? null : value)

export async function savePatient(input: PatientInput, existing?: Patient): Promise<SaveResult> {
  const check = await checkPatient(input, existing?.id)
  if (Object.keys(check.errors).length) return { ok: false, errors: check.errors, duplicate: check.duplicate }

  const { places } = check
  const patient = existing ?? new Patient()
  patient.merge({
    fiscalCode: normalizeFiscalCode(input.fiscal_code),
    lastName: input.last_name,
    firstName: input.first_name,
    sex: input.sex,
    birthDate: DateTime.fromJSDate(input.birth_date).startOf('day'),
    birthPlaceCode: places.birth_place_code?.code ?? null,
    birthPlaceName: places.birth_place_code?.fullName ?? null,
    residenceAddress: orNull(input.residence_address),
    residenceComuneCode: places.residence_comune_code?.code ?? null,
    residenceCap: orNull(input.residence_cap),
    domicileAddress: orNull(input.domicile_address),
    domicileComuneCode: places.domicile_comune_code?.code ?? null,
    domicileCap: orNull(input.domicile_cap),
    aslCode: orNull(input.asl_code),
    doctorId: input.doctor_id ?? null,
    phone: orNull(input.phone),
    mobile: orNull(input.mobile),
    email: orNull(input.email),
    status: input.status,
    statusDate: input.status === 'active' || !input.status_date ? null : DateTime.fromJSDate(input.status_date).startOf('day'),
    notes: orNull(input.notes),
  })
  const changed = Object.keys(patient.$dirty).filter((k) => !k.endsWith('Search') && k !== 'birthYear')
  await patient.save()
  return { ok: true, patient, changed }
}
