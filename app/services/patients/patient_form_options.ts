import db from '@adonisjs/lucid/services/db'
import type Patient from '#models/patient'
import { translate as t } from '#services/i18n'
import { findPlaceByCode } from '#services/refdata/search_comuni'

/** Choices of the registry form: titolari, ASL (current codes), sexes and statuses. */
export async function patientFormOptions() {
  const doctors = await db
    .from('users')
    .where('role', 'titolare')
    .where('is_enabled', true)
    .orderBy('last_name')
    .select('id', 'first_name', 'last_name')
  const asl = await db.from('asl').whereNull('valid_to').orderBy('code6').select('code6', 'name')
  return {
    doctorOptions: [
      { value: '', label: t('patients.none_doctor') },
      ...doctors.map((d: any) => ({ value: d.id, label: t('patients.doctor_label', { name: `${d.first_name} ${d.last_name}` }) })),
    ],
    aslOptions: [
      { value: '', label: t('patients.choose') },
      ...asl.map((a: any) => ({ value: a.code6, label: `${a.code6} – ${a.name}` })),
    ],
    sexOptions: [
      { value: '', label: t('patients.choose') },
      { value: 'M', label: t('patients.sex_M') },
      { value: 'F', label: t('patients.sex_F') },
    ],
    statusOptions: ['active', 'revoked', 'deceased'].map((s) => ({ value: s, label: t(`patients.status_${s}`) })),
    contactKindOptions: ['parent', 'reference'].map((k) => ({ value: k, label: t(`patients.contact_kind_${k}`) })),
  }
}

/** What the comune fields show for a stored patient: "Roma (RM) – H501", read back by findPlace. */
export async function patientPlaceValues(patient: Patient) {
  const label = async (code: string | null, name?: string | null) => {
    if (!code) return ''
    const place = name ? null : await findPlaceByCode(code)
    return `${name ?? place?.fullName ?? ''} – ${code}`.replace(/^ – /, '')
  }
  return {
    birth_place_code: await label(patient.birthPlaceCode, patient.birthPlaceName),
    residence_comune_code: await label(patient.residenceComuneCode),
    domicile_comune_code: await label(patient.domicileComuneCode),
  }
}

/** The registry form's starting values: the stored patient, or the defaults of a new one. */
export async function patientFormValues(patient: Patient | null, defaults: Record<string, string | number> = {}) {
  if (!patient) return { status: 'active', ...defaults }
  return {
    last_name: patient.lastName,
    first_name: patient.firstName,
    sex: patient.sex,
    birth_date: patient.birthDate.toISODate(),
    fiscal_code: patient.fiscalCode,
    residence_address: patient.residenceAddress,
    residence_cap: patient.residenceCap,
    domicile_address: patient.domicileAddress,
    domicile_cap: patient.domicileCap,
    phone: patient.phone,
    mobile: patient.mobile,
    email: patient.email,
    doctor_id: patient.doctorId,
    asl_code: patient.aslCode,
    status: patient.status,
    status_date: patient.statusDate?.toISODate() ?? null,
    notes: patient.notes,
    ...(await patientPlaceValues(patient)),
  }
}
