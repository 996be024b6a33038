/*
| A task's backup password, kept encrypted with APP_KEY: scheduled runs must be able to use
| it, the page never shows it back. (Lose APP_KEY and the tasks need their password again;
| lose the password and the backups cannot be opened: nobody can recover it.)
*/
import encryption from '@adonisjs/core/services/encryption'

const PURPOSE = 'backup-task-password'

export function sealPassword(password: string): string {
  return encryption.encrypt(password, { purpose: PURPOSE })
}

/** The password, or null when there is none or it cannot be decrypted (APP_KEY changed). */
export function openPassword(sealed: string | null): string | null {
  if (!sealed) return null
  try {
    return encryption.decrypt<string>(sealed, PURPOSE) ?? null
  } catch {
    return null
  }
}
