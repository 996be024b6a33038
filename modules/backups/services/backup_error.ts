import { translate } from '#services/i18n'

/**
 * A failure the administrator can act on (wrong password, server running, damaged file):
 * its message is the Italian text of `backups.errors.<code>`, shown as is by the commands,
 * the page and the failure e-mail.
 */
export class BackupError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, unknown> = {}
  ) {
    super(translate(`backups.errors.${code}`, params))
    this.name = 'BackupError'
  }
}

export function isBackupError(error: unknown, code?: string): error is BackupError {
  return error instanceof BackupError && (code === undefined || error.code === code)
}

/** The message to show for any failure: ours are already Italian, others keep their text. */
export function describeFailure(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
