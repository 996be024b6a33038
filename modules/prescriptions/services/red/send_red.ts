/*
| The offline queue of red prescription data for the MEF (DPCM 26/03/2008): every printed
| sheet has a row in red_transmissions, sent by the `prescriptions.send-red` job through the
| region plugin's optional sendRed(). Without a plugin, without sendRed or without the
| doctor's credentials the row stays queued with the reason shown; a network failure is
| retried with backoff; nothing is ever marked sent without the service's protocol. When a
| send succeeds, the rows left waiting by earlier failures go out too (the line is back).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import jobs from '#services/jobs/main'
import { activeDematPlugin } from '#services/demat/plugins'
import type { RedPrescriptionToSend, RedSendOutcome, ServiceMessage } from '#services/demat/region_plugin'
import { PermanentJobError } from '#services/jobs/run_job'
import Prescription from '../../models/prescription.js'
import { applyTransition } from '../transitions.js'
import { announce, toSend } from '../send_prescription.js'
import { doctorContext, MissingCredentials } from '../credentials.js'

export type TransmissionStatus = 'queued' | 'sending' | 'sent' | 'error' | 'cancelled'
export const TRANSMISSION_STATUSES: TransmissionStatus[] = ['queued', 'sending', 'sent', 'error', 'cancelled']

/** A send that did not answer: retried by the job with backoff. */
export class RedNotSentYet extends Error {}

export const RED_SEND_ATTEMPTS = 12
// A row left in `sending` this long (the process stopped mid-call) may be taken again.
const SENDING_LEASE_MINUTES = 10

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** `round` tells dispatches apart: the same round twice is queued once. */
export async function queueRedSend(transmissionId: number, round: number | string) {
  await jobs.dispatch(
    'prescriptions.send-red',
    { transmissionId },
    // 1, 2, 4, 8… minutes, as the demat queue; on BullMQ the queue survives restarts.
    { attempts: RED_SEND_ATTEMPTS, backoff: { type: 'exponential', delay: 60_000 }, idempotencyKey: `red-send-${transmissionId}-${round}` }
  )
}

async function stayQueued(id: number, reason: string) {
  await db.from('red_transmissions').where('id', id).update({ status: 'queued', reason: reason.slice(0, 500), updated_at: now() })
}

function stored(messages: ServiceMessage[]) {
  return messages.map((m) => ({ code: m.code, text: m.text, itemIndex: m.itemIndex ?? null, severity: m.severity }))
}

export async function sendRedTransmission(transmissionId: number): Promise<'sent' | 'error' | 'waiting' | 'skipped'> {
  const row = await db.from('red_transmissions').where('id', transmissionId).first()
  if (!row) throw new PermanentJobError(`Trasmissione ${transmissionId} non trovata.`)
  if (row.status === 'sent' || row.status === 'cancelled') return 'skipped'
  const prescription = await Prescription.find(row.prescription_id)
  if (!prescription) throw new PermanentJobError(`Prescrizione ${row.prescription_id} non trovata.`)

  const plugin = activeDematPlugin()
  if (!plugin) {
    await stayQueued(row.id, 'Nessun servizio regionale configurato per questa installazione: la ricetta rossa resta in coda e non è stata trasmessa al MEF.')
    return 'waiting'
  }
  if (typeof plugin.sendRed !== 'function') {
    await stayQueued(row.id, `Il servizio regionale in uso (${plugin.id}) non trasmette ancora le ricette rosse: la ricetta resta in coda e non è stata trasmessa al MEF.`)
    return 'waiting'
  }
  const signerId = prescription.substituteId ?? prescription.sentByUserId ?? prescription.validatedByUserId ?? prescription.prescriberId
  let ctx
  try {
    ctx = await doctorContext(prescription.prescriberId, signerId)
  } catch (error) {
    if (!(error instanceof MissingCredentials)) throw error
    // The doctor's to fix: no automatic retry, "Riprova" once the credentials are in.
    await stayQueued(row.id, error.message)
    return 'waiting'
  }

  const lease = DateTime.utc().minus({ minutes: SENDING_LEASE_MINUTES }).toSQL({ includeOffset: false })
  const claimed = await db
    .from('red_transmissions')
    .where('id', row.id)
    .where((q) => q.whereIn('status', ['queued', 'error']).orWhere((s) => s.where('status', 'sending').where('last_attempt_at', '<', lease)))
    .update({ status: 'sending', attempts: Number(row.attempts) + 1, last_attempt_at: now(), updated_at: now() })
  if (Number(claimed) !== 1) return 'skipped'

  const base = await toSend(prescription)
  const { nre: _unused, ...rest } = base
  const data: RedPrescriptionToSend = { ...rest, kind: row.prescription_type === 'F' ? 'F' : 'P', bar1: row.bar1, bar2: row.bar2 }

  let outcome: RedSendOutcome
  try {
    outcome = await plugin.sendRed(data, ctx)
  } catch (error) {
    const kind = plugin.classify(error)
    const message = (error as Error).message
    if (kind === 'auth') {
      await recordError(row.id, prescription, null, [], `Credenziali rifiutate dal servizio: ${message}`)
      return 'error'
    }
    await stayQueued(row.id, `Servizio non raggiungibile (tentativo ${Number(row.attempts) + 1}): ${message}. Nuovo tentativo automatico.`)
    throw new RedNotSentYet(message)
  }

  const messages = stored(outcome.messages)
  if (outcome.status === 'rejected') {
    const text = messages.map((m) => `${m.code} ${m.text}`).join('; ')
    await recordError(row.id, prescription, outcome, messages, `Trasmissione scartata dal MEF${outcome.protocol ? ` (protocollo ${outcome.protocol})` : ''}: ${text}`)
    return 'error'
  }
  await db.from('red_transmissions').where('id', row.id).update({
    status: 'sent',
    outcome: outcome.status,
    protocol: outcome.protocol ?? null,
    errors: messages.length ? JSON.stringify(messages) : null,
    reason: null,
    sent_at: now(),
    updated_at: now(),
  })
  // The MEF holds the data: the prescription is accepted, and it is already in the patient's hands.
  const accepted = await applyTransition({
    id: prescription.id,
    event: 'accepted',
    actor: 'system',
    note: outcome.protocol ? `Trasmessa al MEF, protocollo ${outcome.protocol}` : 'Trasmessa al MEF',
    changes: { messages: messages.length ? JSON.stringify(messages) : null, last_transport_error: null, sent_at: now() },
  })
  if (accepted.changed) await applyTransition({ id: prescription.id, event: 'deliver', actor: 'system', note: 'Ricetta rossa stampata e consegnata' })
  announce(prescription)
  await flushWaiting(row.id)
  return 'sent'
}

async function recordError(id: number, prescription: Prescription, outcome: RedSendOutcome | null, messages: ReturnType<typeof stored>, reason: string) {
  await db.from('red_transmissions').where('id', id).update({
    status: 'error',
    outcome: outcome?.status ?? null,
    protocol: outcome?.protocol ?? null,
    errors: messages.length ? JSON.stringify(messages) : null,
    reason: reason.slice(0, 500),
    updated_at: now(),
  })
  // The paper is with the patient: the prescription stays as it is, the panel shows why.
  await db.from('prescriptions').where('id', prescription.id).update({
    messages: messages.length ? JSON.stringify(messages) : null,
    last_transport_error: reason.slice(0, 1000),
    updated_at: now(),
  })
  announce(prescription)
}

/** Rows that failed before and wait for the next automatic attempt: sent now the line answers. */
async function flushWaiting(exceptId: number) {
  const waiting = await db.from('red_transmissions').where('status', 'queued').where('attempts', '>', 0).whereNot('id', exceptId).select('id', 'attempts').limit(100)
  for (const row of waiting) await queueRedSend(row.id, Number(row.attempts))
}

export type RetryResult = { ok: true } | { ok: false; reason: string }

/** "Riprova" of the summary: an errored or waiting row goes back in the queue and is sent now. */
export async function retryTransmission(id: number): Promise<RetryResult> {
  const row = await db.from('red_transmissions').where('id', id).first()
  if (!row) return { ok: false, reason: 'Trasmissione non trovata.' }
  if (row.status === 'sent') return { ok: false, reason: 'La ricetta è già stata trasmessa al MEF.' }
  if (row.status === 'cancelled') return { ok: false, reason: 'La ricetta rossa è stata annullata: i suoi dati non si trasmettono.' }
  if (row.status === 'sending') return { ok: false, reason: 'La trasmissione è in corso: attendere l’esito.' }
  await stayQueued(row.id, 'Nuovo tentativo richiesto.')
  await queueRedSend(row.id, `retry-${Date.now()}`)
  return { ok: true }
}

/** "Invia ora": every queued row, for instance once a region plugin or the credentials are in place. */
export async function sendAllQueued() {
  const rows = await db.from('red_transmissions').where('status', 'queued').select('id').limit(500)
  for (const row of rows) await retryTransmission(row.id)
  return rows.length
}
