/*
| Every SMS is a row of sms_messages first, then a `core.send-sms` job posts it. A secret
| (OTP, temporary password) is written `{secret}` in the text: the log shows it masked and
| the value is kept encrypted only until the message has left.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import jobs from '#services/jobs/main'
import smsConfig from '#config/sms'
import { normalizeMobile } from '#services/sms/phone_number'
import { smsDriver, SmsProviderError } from '#services/sms/drivers'
import { PermanentJobError } from '#services/jobs/run_job'

export interface SmsRequest {
  to: string
  text: string
  secret?: string
  purpose?: string
}

export class InvalidPhoneNumber extends Error {}

const now = () => DateTime.utc().toSQL({ includeOffset: false })
const SECRET = '{secret}'

export function maskedText(text: string, secret?: string) {
  return secret ? text.replaceAll(SECRET, '•'.repeat(Math.max(4, secret.length))) : text
}

export async function queueSms(request: SmsRequest): Promise<number> {
  const number = normalizeMobile(request.to)
  if (!number.ok) throw new InvalidPhoneNumber(number.error)
  if (request.secret && !request.text.includes(SECRET)) throw new Error('The SMS text must contain {secret} where the secret goes.')
  const full = request.secret ? request.text.replaceAll(SECRET, request.secret) : request.text
  // One concatenated SMS is at most 4 parts: longer text is a mistake, not a message.
  if (full.length > 612) throw new Error('SMS troppo lungo (massimo 612 caratteri).')
  const driver = smsDriver().name
  const [id] = await db.table('sms_messages').insert({
    to_number: number.e164,
    text: maskedText(request.text, request.secret),
    secret_encrypted: request.secret ? encryption.encrypt(request.secret) : null,
    driver,
    status: 'queued',
    max_attempts: smsConfig.attempts,
    purpose: request.purpose ?? null,
    created_at: now(),
    updated_at: now(),
  })
  const smsId = Number(id)
  await jobs.dispatch('core.send-sms', { smsId }, {
    attempts: smsConfig.attempts,
    backoff: { type: 'exponential', delay: smsConfig.retryDelayMs },
    idempotencyKey: `sms-${smsId}`,
  })
  return smsId
}

export async function sendQueuedSms(smsId: number) {
  const sms = await db.from('sms_messages').where('id', smsId).first()
  if (!sms) throw new PermanentJobError(`SMS ${smsId} non trovato.`)
  if (['sent', 'recorded'].includes(sms.status)) return { skipped: sms.status }
  const attempt = Number(sms.attempts) + 1
  await db.from('sms_messages').where('id', smsId).update({ status: 'sending', attempts: attempt, updated_at: now() })
  const secret = sms.secret_encrypted ? encryption.decrypt<string>(sms.secret_encrypted) ?? '' : undefined
  const text = secret ? restoreSecret(sms.text, secret) : sms.text
  const driver = smsDriver()
  try {
    const result = await driver.send({ to: sms.to_number, text, sender: smsConfig.sender, reference: `studio-mg-${smsId}` })
    await db.from('sms_messages').where('id', smsId).update({
      status: result.delivered ? 'sent' : 'recorded',
      driver: driver.name,
      provider_id: result.providerId,
      // Only the demo keeps a recorded secret (nothing was sent: the page shows it to log in).
      secret_encrypted: result.delivered || app.inProduction ? null : sms.secret_encrypted,
      last_error: null,
      sent_at: now(),
      updated_at: now(),
    })
    return { sent: result.delivered }
  } catch (error) {
    const permanent = error instanceof SmsProviderError && error.permanent
    const last = permanent || attempt >= Number(sms.max_attempts)
    await db.from('sms_messages').where('id', smsId).update({
      status: last ? 'failed' : 'retrying',
      last_error: String((error as Error).message).slice(0, 1000),
      updated_at: now(),
    })
    if (permanent) throw new PermanentJobError((error as Error).message)
    throw error
  }
}

/** The text as the recipient got it, for the demo's SMS log (recording driver only). */
export function recordedText(sms: { text: string; status: string; secret_encrypted: string | null }) {
  if (sms.status !== 'recorded' || !sms.secret_encrypted || app.inProduction) return sms.text
  return restoreSecret(sms.text, encryption.decrypt<string>(sms.secret_encrypted) ?? '')
}

function restoreSecret(masked: string, secret: string) {
  return masked.replace(/•{4,}/, secret)
}

export async function retrySms(smsId: number): Promise<boolean> {
  const sms = await db.from('sms_messages').where('id', smsId).first()
  if (!sms || sms.status !== 'failed') return false
  await db.from('sms_messages').where('id', smsId).update({ status: 'queued', attempts: 0, last_error: null, updated_at: now() })
  await jobs.dispatch('core.send-sms', { smsId }, { attempts: Number(sms.max_attempts), backoff: { type: 'exponential', delay: smsConfig.retryDelayMs }, idempotencyKey: `sms-${smsId}-${Date.now()}` })
  return true
}
