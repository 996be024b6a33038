/*
| "Cancella": only a doctor, only until dispensing (spec §9). A prescription never sent is
| cancelled here; a sent one is cancelled at the service by a job with the sender's
| credentials. The reason reaches the staff member who prepared it, live.
*/
import type User from '#models/user'
import jobs from '#services/jobs/main'
import { activeDematPlugin } from '#services/demat/plugins'
import { PermanentJobError } from '#services/jobs/run_job'
import Prescription from '../models/prescription.js'
import { applyTransition } from './transitions.js'
import { permission } from './prescriber.js'
import { IllegalTransition, type PrescriptionState } from '../domain/state_machine.js'
import { announce, toSend } from './send_prescription.js'
import { doctorContext } from './credentials.js'
import { cancelPrintedRed, withdrawRedAtService } from './red/cancel_red.js'

export type CancelResult = { ok: true; remote: boolean } | { ok: false; reason: string }

const LOCAL: PrescriptionState[] = ['DRAFT', 'AWAITING_VALIDATION', 'VALIDATED', 'PENDING', 'REJECTED']

export async function cancelPrescription(user: User, id: number, reason: string | null): Promise<CancelResult> {
  const prescription = await Prescription.find(id)
  if (!prescription) return { ok: false, reason: 'Prescrizione non trovata.' }
  const may = await permission(user, 'cancel', prescription.prescriberId, prescription.sentByUserId)
  if (!may.allowed) return { ok: false, reason: may.reason }
  const note = reason?.trim() ? reason.trim().slice(0, 300) : null
  if (prescription.kind === 'ROSSA' && ['SENDING', 'ACCEPTED', 'DELIVERED'].includes(prescription.state)) {
    const started = await cancelPrintedRed(user, prescription, note)
    if (started) return started
  }
  try {
    if (LOCAL.includes(prescription.state)) {
      // A PENDING one may have reached the service: ask before cancelling only here.
      let remoteCopy = false
      if (prescription.state === 'PENDING') {
        const plugin = activeDematPlugin()
        if (plugin && prescription.attempts > 0) {
          const ctx = await doctorContext(prescription.prescriberId, prescription.sentByUserId ?? prescription.prescriberId)
          remoteCopy = Boolean(await plugin.reconcile(await toSend(prescription), ctx))
        }
      }
      const moved = await applyTransition({ id, event: 'cancel', actor: 'doctor', user, note, context: { remoteCopy }, changes: { cancel_reason: note } })
      if (!moved.changed) return { ok: false, reason: 'La prescrizione è cambiata nel frattempo: aggiorni la pagina.' }
      // Not `cancelled`: htmx.trigger does not dispatch an event whose detail has `cancelled: true`,
      // and the payload becomes the detail of the page event.
      announce(prescription, { outcome: 'cancelled' })
      return { ok: true, remote: false }
    }
    const moved = await applyTransition({ id, event: 'cancel', actor: 'doctor', user, note, changes: { cancel_reason: note } })
    if (!moved.changed) return { ok: false, reason: 'La prescrizione è cambiata nel frattempo: aggiorni la pagina.' }
    await jobs.dispatch('prescriptions.cancel', { prescriptionId: id }, { attempts: 12, backoff: { type: 'exponential', delay: 60_000 }, idempotencyKey: `prescription-cancel-${id}` })
    announce(prescription, { outcome: 'cancel_requested' })
    return { ok: true, remote: true }
  } catch (error) {
    if (error instanceof IllegalTransition) return { ok: false, reason: error.message }
    throw error
  }
}

/** The job: the service cancels it, or says it is already being dispensed. */
export async function cancelRemotely(id: number) {
  const prescription = await Prescription.find(id)
  if (!prescription || prescription.state !== 'CANCEL_REQUESTED') return 'skipped'
  if (prescription.kind === 'ROSSA') {
    const withdrawn = await withdrawRedAtService(prescription)
    const previous = (await previousState(id)) ?? 'ACCEPTED'
    if (withdrawn.status === 'cancelled') await applyTransition({ id, event: 'cancel_confirmed', actor: 'system', note: withdrawn.note })
    else await applyTransition({ id, event: 'cancel_refused', actor: 'system', note: withdrawn.note, context: { previous } })
    announce(prescription)
    return withdrawn.status
  }
  const plugin = activeDematPlugin()
  if (!plugin) throw new Error('Nessun servizio regionale configurato: annullamento in attesa.')
  if (!prescription.nre) throw new PermanentJobError('Prescrizione senza NRE: non si può annullare presso il servizio.')
  const ctx = await doctorContext(prescription.prescriberId, prescription.sentByUserId ?? prescription.prescriberId)
  const outcome = await plugin.cancel(prescription.nre, ctx)
  const previous = (await previousState(id)) ?? 'ACCEPTED'
  if (outcome.status === 'cancelled') {
    await applyTransition({ id, event: 'cancel_confirmed', actor: 'system' })
  } else {
    const note = outcome.messages.map((m) => m.text).join('; ') || 'Ricetta già in erogazione o erogata.'
    await applyTransition({ id, event: 'cancel_refused', actor: 'system', note, context: { previous } })
  }
  announce(prescription)
  return outcome.status
}

async function previousState(id: number): Promise<PrescriptionState | null> {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const row = await db.from('prescription_events').where('prescription_id', id).where('to_state', 'CANCEL_REQUESTED').orderBy('id', 'desc').first()
  return row?.from_state ?? null
}
