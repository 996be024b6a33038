/*
| One attempt at sending one outbox row. The row records every attempt and error; when the
| last attempt fails it becomes 'failed' (visible, retryable); when it is sent, the mails
| waiting for it (a zip's password) are released.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { currentMailer, mailTransport } from '#services/mail/mail_transport'
import { decodeBody, dispatchSend, type StoredAttachment } from '#services/mail/outbox'
import { readDecryptedBuffer } from '#services/storage/encrypted_storage'
import { PermanentJobError } from '#services/jobs/run_job'
import { notify } from '#services/live/notify'

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** The administrators' /admin/posta refreshes its table; a dead SSE hub never fails a send. */
function announce(mailId: number) {
  try {
    notify({ role: 'admin' }, 'mail:changed', { mailId })
  } catch {}
}

export async function sendOutgoingMail(mailId: number) {
  const mail = await db.from('outgoing_mails').where('id', mailId).first()
  if (!mail) throw new PermanentJobError(`Mail ${mailId} non trovata.`)
  if (mail.status === 'sent') return { skipped: 'already sent' }
  if (mailTransport().kind === 'none') {
    await db.from('outgoing_mails').where('id', mailId).update({ status: 'recorded', updated_at: now() })
    return { skipped: 'no mail server configured' }
  }

  const attempt = Number(mail.attempts) + 1
  await db.from('outgoing_mails').where('id', mailId).update({ status: 'sending', attempts: attempt, updated_at: now() })
  try {
    const { text, html } = decodeBody(mail)
    const attachments: StoredAttachment[] = mail.attachments ? JSON.parse(mail.attachments) : []
    const files = await Promise.all(attachments.map(async (a) => ({ ...a, content: await readDecryptedBuffer(a.storageKey) })))
    const response = await currentMailer().send((message) => {
      message.from(mail.from_address).to(mail.to_address).subject(mail.subject).text(text)
      if (html) message.html(html)
      for (const file of files) message.attachData(file.content, { filename: file.filename, contentType: file.contentType })
    })
    await db.from('outgoing_mails').where('id', mailId).update({
      status: 'sent',
      last_error: null,
      message_id: String(response.messageId ?? '').slice(0, 250) || null,
      sent_at: now(),
      updated_at: now(),
    })
    announce(mailId)
    await releaseWaiting(mailId)
    return { sent: true }
  } catch (error) {
    const last = attempt >= Number(mail.max_attempts)
    await db.from('outgoing_mails').where('id', mailId).update({
      status: last ? 'failed' : 'retrying',
      last_error: describeSmtpError(error),
      updated_at: now(),
    })
    announce(mailId)
    throw error
  }
}

async function releaseWaiting(mailId: number) {
  const waiting = await db.from('outgoing_mails').where('wait_for_mail_id', mailId).where('status', 'held').select('id')
  for (const row of waiting) {
    await db.from('outgoing_mails').where('id', row.id).update({ status: 'queued', updated_at: now() })
    await dispatchSend(row.id)
  }
}

/** What the administrator needs to act: the server's answer, not a stack trace. */
export function describeSmtpError(error: unknown): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string }
  if (e?.code === 'ECONNREFUSED' || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e?.message ?? '')) return `Server di posta non raggiungibile (connessione rifiutata): ${e.message}`.slice(0, 1000)
  if (e?.code === 'ETIMEDOUT' || e?.code === 'ETIMEOUT') return `Server di posta: tempo scaduto (${e.message})`.slice(0, 1000)
  if (e?.code === 'EAUTH') return `Server di posta: autenticazione rifiutata (${e.response ?? e.message})`.slice(0, 1000)
  if (e?.responseCode) return `Il server di posta ha risposto ${e.responseCode}: ${e.response ?? e.message}`.slice(0, 1000)
  return String(e?.message ?? error).slice(0, 1000)
}
