/*
| The default task, created once on first run (as in the program users know): every day
| but Sunday at 10:00. Deleting it later is the administrator's choice; it is not re-created.
*/
import { homedir } from 'node:os'
import { join } from 'node:path'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { translate } from '#services/i18n'
import BackupTask from '../models/backup_task.js'

export const DEFAULT_TASK_FLAG = 'backups.default_task_created'

/** Like the program users know: a folder in the documents of the user running the studio. */
export function defaultDestination() {
  return join(homedir(), 'StudioMG', 'Backup')
}

/** The default task when it has just been created, else null. */
export async function ensureDefaultTask(): Promise<BackupTask | null> {
  const flag = await db.from('settings').where('key', DEFAULT_TASK_FLAG).first()
  if (flag) return null
  const admin = await db.from('users').where('role', 'admin').whereNotNull('email').orderBy('id').first()
  const studio = await db.from('studios').orderBy('id').first()
  try {
    return await createOnce(admin?.email ?? null, studio?.name ?? null)
  } catch (error) {
    // The flag's primary key: another process created the default task a moment ago.
    if (await db.from('settings').where('key', DEFAULT_TASK_FLAG).first()) return null
    throw error
  }
}

function createOnce(adminEmail: string | null, studioName: string | null) {
  return db.transaction(async (trx) => {
    await trx.table('settings').insert({
      key: DEFAULT_TASK_FLAG,
      value: '1',
      updated_at: DateTime.utc().toSQL({ includeOffset: false }),
    })
    // Another process may have made it meanwhile: a task of that name is enough.
    const existing = await BackupTask.query({ client: trx }).where('name', translate('backups.default_task_name')).first()
    if (existing) return null
    return BackupTask.create(
      {
        name: translate('backups.default_task_name'),
        destination: defaultDestination(),
        secondLocation: null,
        secondLocationMode: 'copy',
        weekdays: [1, 2, 3, 4, 5, 6],
        runAt: '10:00',
        passwordEncrypted: null,
        attachments: 'included',
        notifyEmail: process.env.ADMIN_EMAIL || adminEmail,
        clinicName: studioName,
        isEnabled: true,
      },
      { client: trx }
    )
  })
}
