import db from '@adonisjs/lucid/services/db'
import { translate as t } from '#services/i18n'

/** Choices of the registry form: titolari, ASL, sexes and statuses. */
export async function patientFormOptions() {
  const doctors = await db.from('users').where('role', 'titolare').where('is_enabled', true).orderBy('last_name')
  const asl = await db.from('asl').whereNull('valid_to').orderBy('code6')
  return {
    doctorOptions: [
      { value: '', label: t('patients.none_doctor') },
      ...doctors.map((d: any) => ({ value: d.id, label: `Dott. ${d.first_name} ${d.last_name}` })),
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
  }
}
