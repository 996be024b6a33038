/*
| What /admin/posta lists: the outbox (newest first, optionally only the mail that needs
| attention) and, in development, what the catcher received.
*/
import db from '@adonisjs/lucid/services/db'
import type { StoredAttachment } from '#services/mail/outbox'

export const PROBLEM_STATES = ['queued', 'held', 'sending', 'retrying', 'failed', 'recorded']

export async function listOutbox(options: { problems?: boolean; limit?: number } = {}) {
  const query = db
    .from('outgoing_mails')
    .select('id', 'created_at', 'to_address', 'subject', 'status', 'attempts', 'max_attempts', 'last_error', 'attachments', 'secret', 'sent_at')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
  if (options.problems) query.whereIn('status', PROBLEM_STATES)
  const rows = await query
  return rows.map((row) => ({ ...row, secret: Boolean(Number(row.secret)), attachments: parseAttachments(row.attachments) }))
}

export async function listCaught(limit = 50) {
  const rows = await db.from('caught_mails').select('id', 'received_at', 'from_address', 'to_addresses', 'subject', 'attachments', 'size_bytes').orderBy('id', 'desc').limit(limit)
  return rows.map((row) => ({ ...row, attachments: parseAttachments(row.attachments) }))
}

export function parseAttachments(value: string | null): StoredAttachment[] {
  return value ? JSON.parse(value) : []
}

export async function listSms(limit = 50) {
  const { recordedText } = await import('#services/sms/sms_outbox')
  const rows = await db.from('sms_messages').orderBy('id', 'desc').limit(limit)
  return rows.map((row) => ({ ...row, shown: recordedText(row), secret_encrypted: undefined }))
}
