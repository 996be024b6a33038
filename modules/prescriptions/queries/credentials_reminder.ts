/*
| The reminder a doctor sees on his pages about his service credentials: missing, password
| expired, or expiring within two weeks (the Sistema TS password lasts a few months and an
| expired one stops every sending).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

export type CredentialsReminder = { kind: 'missing' } | { kind: 'expired' } | { kind: 'expiring'; days: number } | null

const WARN_DAYS = 15

export async function credentialsReminder(userId: number): Promise<CredentialsReminder> {
  const row = await db.from('demat_credentials').where('user_id', userId).select('password_expires_at').first()
  if (!row) return { kind: 'missing' }
  if (!row.password_expires_at) return null
  const raw = row.password_expires_at
  const expires = raw instanceof Date ? DateTime.fromJSDate(raw).setZone('Europe/Rome') : DateTime.fromISO(String(raw).slice(0, 10), { zone: 'Europe/Rome' })
  const days = Math.ceil(expires.startOf('day').diff(DateTime.now().setZone('Europe/Rome').startOf('day'), 'days').days)
  if (days <= 0) return { kind: 'expired' }
  return days <= WARN_DAYS ? { kind: 'expiring', days } : null
}
