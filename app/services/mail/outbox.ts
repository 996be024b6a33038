/*
| The outbox: every mail is first a row of outgoing_mails, then a `core.send-mail` job sends
| it. Callers never talk to SMTP: a mail server that is down delays mail, never loses it.
*/
import { DateTime } from 'luxon'
import { Readable } from 'node:stream'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import jobs from '#services/jobs/main'
import mailConfig from '#config/mail'
import { mailTransport } from '#services/mail/mail_transport'
import { renderMail } from '#services/mail/render_mail'
import { storeEncrypted } from '#services/storage/encrypted_storage'

export interface MailAttachment {
  filename: string
  contentType: string
  content: Buffer
}

export interface TemplateMail {
  to: string
  subject: string
  /** An Edge template under resources/views/emails/, rendered in the common layout. */
  template: string
  data?: Record<string, unknown>
  attachments?: MailAttachment[]
  /** The body carries a secret: encrypted at rest and hidden in the outbox page. */
  secret?: boolean
  /** Sent only after this mail has gone (the password after its zip). */
  waitForMailId?: number
}

export interface StoredAttachment {
  filename: string
  contentType: string
  sizeBytes: number
  storageKey: string
}

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** A plain notice (account lockouts, backup failures): the body's paragraphs in the layout. */
export async function queueMail(mail: { to: string; subject: string; body: string }) {
  return queueTemplateMail({ to: mail.to, subject: mail.subject, template: 'notice', data: { body: mail.body } })
}

export async function queueTemplateMail(mail: TemplateMail): Promise<number> {
  const rendered = await renderMail(mail.template, { subject: mail.subject, ...mail.data })
  const attachments: StoredAttachment[] = []
  for (const file of mail.attachments ?? []) {
    const stored = await storeEncrypted(Readable.from([file.content]), 'mail')
    attachments.push({ filename: file.filename, contentType: file.contentType, sizeBytes: stored.sizeBytes, storageKey: stored.storageKey })
  }
  const held = Boolean(mail.waitForMailId)
  const delivering = mailTransport().kind !== 'none'
  const [id] = await db.table('outgoing_mails').insert({
    to_address: mail.to,
    from_address: mailConfig.from,
    subject: mail.subject.slice(0, 200),
    template: mail.template,
    body: mail.secret ? encryption.encrypt(rendered.text) : rendered.text,
    html: mail.secret ? encryption.encrypt(rendered.html) : rendered.html,
    attachments: attachments.length ? JSON.stringify(attachments) : null,
    secret: Boolean(mail.secret),
    wait_for_mail_id: mail.waitForMailId ?? null,
    // 'recorded': no mail server configured yet, the mail waits here and the page says so.
    status: held ? 'held' : delivering ? 'queued' : 'recorded',
    max_attempts: mailConfig.attempts,
    created_at: now(),
    updated_at: now(),
  })
  const mailId = Number(id)
  if (!held && delivering) await dispatchSend(mailId)
  return mailId
}

export async function dispatchSend(mailId: number, round = 0) {
  await jobs.dispatch(
    'core.send-mail',
    { mailId },
    {
      attempts: mailConfig.attempts,
      backoff: { type: 'exponential', delay: mailConfig.retryDelayMs },
      // One job per mail and per manual retry: a double click does not send twice.
      idempotencyKey: `mail-${mailId}-${round}`,
    }
  )
}

/** "Riprova" on /admin/posta, and the release of the recorded mail once SMTP is set. */
export async function retryMail(mailId: number): Promise<boolean> {
  const mail = await db.from('outgoing_mails').where('id', mailId).first()
  if (!mail || !['failed', 'recorded'].includes(mail.status)) return false
  await db.from('outgoing_mails').where('id', mailId).update({ status: 'queued', last_error: null, attempts: 0, updated_at: now() })
  await dispatchSend(mailId, Date.now())
  return true
}

export function decodeBody(mail: { secret: unknown; body: string; html: string | null }) {
  if (!Number(mail.secret) && mail.secret !== true) return { text: mail.body, html: mail.html }
  return { text: encryption.decrypt<string>(mail.body) ?? '', html: mail.html ? (encryption.decrypt<string>(mail.html) ?? '') : null }
}
