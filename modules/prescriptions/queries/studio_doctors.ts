/*
| The doctors Gestione Studio offers: the titolari whose day can be shown, and the doctors who
| may sign for one of them. One read of the enabled doctors, with the signer each titolare
| chose, serves both lists.
*/
import db from '@adonisjs/lucid/services/db'

export interface DoctorOption {
  id: number
  role: 'titolare' | 'sostituto'
  displayName: string
  /** The doctor who signs for this titolare while he is away, if he chose one. */
  signerId: number | null
}

export async function studioDoctors(): Promise<DoctorOption[]> {
  const rows = await db
    .from('users as u')
    .leftJoin('prescription_signers as s', 's.titolare_id', 'u.id')
    .whereIn('u.role', ['titolare', 'sostituto'])
    .where('u.is_enabled', true)
    .orderBy('u.last_name')
    .orderBy('u.first_name')
    .select('u.id', 'u.role', 'u.first_name', 'u.last_name', 's.substitute_id')
  return rows.map((r) => ({ id: Number(r.id), role: r.role, displayName: `Dott. ${r.first_name} ${r.last_name}`, signerId: r.substitute_id === null ? null : Number(r.substitute_id) }))
}

/** The titolari, whose days the screen shows. */
export const titolari = (doctors: DoctorOption[]) => doctors.filter((d) => d.role === 'titolare')

/** Who may sign for the titolare `doctorId` while he is away: any other doctor. */
export const possibleSigners = (doctors: DoctorOption[], doctorId: number | null) => doctors.filter((d) => d.id !== doctorId)
