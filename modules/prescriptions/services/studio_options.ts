/*
| The studio's choices for prescriptions, kept in the core settings table. For now: whether
| the promemoria may be e-mailed in clear (without the protected zip), which the studio must
| decide explicitly (off by default).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

const EMAIL_CLEAR = 'prescriptions.email_clear_allowed'

export async function emailInClearAllowed(): Promise<boolean> {
  const row = await db.from('settings').where('key', EMAIL_CLEAR).first()
  return row?.value === '1'
}

export async function allowEmailInClear(allowed: boolean) {
  const updated_at = DateTime.utc().toSQL({ includeOffset: false })
  const affected = await db.from('settings').where('key', EMAIL_CLEAR).update({ value: allowed ? '1' : '0', updated_at })
  if (!Number(affected)) await db.table('settings').insert({ key: EMAIL_CLEAR, value: allowed ? '1' : '0', updated_at })
}
