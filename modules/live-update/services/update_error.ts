/*
| A refusal or failure of live update, with its Italian message (updates.errors.<code>):
| what the administrator reads on the page, in the history and on the command line.
*/
import { translate } from '#services/i18n'

export type UpdateErrorCode =
  | 'not_configured'
  | 'no_public_key'
  | 'bad_public_key'
  | 'unreachable'
  | 'http_status'
  | 'not_found'
  | 'too_large'
  | 'bad_signature'
  | 'bad_manifest'
  | 'size_mismatch'
  | 'hash_mismatch'
  | 'bad_bundle'
  | 'header_mismatch'
  | 'app_too_old'
  | 'unknown_component'
  | 'unsupported_component'
  | 'unsafe_url'
  | 'proxy_unavailable'
  | 'bad_proxy'
  | 'apply_failed'
  | 'busy'

export class UpdateError extends Error {
  constructor(
    readonly code: UpdateErrorCode,
    readonly params: Record<string, unknown> = {}
  ) {
    super(translate(`updates.errors.${code}`, params))
    this.name = 'UpdateError'
  }
}

export function isUpdateError(error: unknown, code?: UpdateErrorCode): error is UpdateError {
  return error instanceof UpdateError && (!code || error.code === code)
}

/** The message to show for any error: ours as written, others wrapped. */
export function describeFailure(error: unknown): string {
  if (error instanceof UpdateError) return error.message
  return translate('updates.errors.apply_failed', { detail: (error as Error)?.message ?? String(error) })
}
