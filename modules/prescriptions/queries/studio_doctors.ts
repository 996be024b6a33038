/*
| The doctors Gestione Studio offers: the titolari whose day can be shown, and the doctors who
| may sign for one of them. One read of the enabled doctors serves both lists.
*/
import db from '@adonisjs/lucid/services/db'

export interface DoctorOption {
  id: number
  role: 'titolare' | 'sostituto'
  displayName: string
}

export async function studioDoctors(): Promise<DoctorOption[]> {
  const rows = await db
    .from('users')
    .whereIn('role', ['titolare', 'sostituto'])
    .where('is_enabled', true)
    .orderBy('last_name')
    .orderBy('first_name')
    .select('id', 'role', 'first_name', 'last_name')
  return rows.map((r) => ({ id: Number(r.id), role: r.role, displayName: `Dott. ${r.first_name} ${r.last_name}` }))
}

/** The titolari, whose days the screen shows. */
export const titolari = (doctors: DoctorOption[]) => doctors.filter((d) => d.role === 'titolare')

/** Who may sign for the titolare `doctorId` while he is away: any other doctor. */
export const possibleSigners = (doctors: DoctorOption[], doctorId: number | null) => doctors.filter((d) => d.id !== doctorId)
