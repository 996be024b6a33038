/*
| One attempt at sending a validated prescription through the region plugin (spec §8):
| VALIDATED/PENDING → SENDING → ACCEPTED | REJECTED | PENDING. The compilation time fixed at
| validation is sent unchanged on every retry; after an uncertain outcome the plugin's
| reconcile() looks for the copy the service kept before anything is sent again.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import Patient from '#models/patient'
import { activeDematPlugin } from '#services/demat/plugins'
import type { DematRegionPlugin, PrescriptionToSend, SendOutcome } from '#services/demat/region_plugin'
import { PermanentJobError } from '#services/jobs/run_job'
import { notify } from '#services/live/notify'
import Prescription from '../models/prescription.js'
import { applyTransition } from './transitions.js'
import { doctorContext, MissingCredentials } from './credentials.js'
import { afterAcceptance } from './deliver_prescription.js'

export class NotSentYet extends Error {}

const now = () => DateTime.utc().toSQL({ includeOffset: false })

export async function toSend(prescription: Prescription): Promise<PrescriptionToSend> {
  await prescription.load('items')
  const patient = await Patient.findOrFail(prescription.patientId)
  return {
    localId: prescription.id,
    kind: prescription.isDrug ? 'F' : 'P',
    compiledAt: prescription.compiledAt!,
    nre: prescription.nre,
    patient: {
      fiscalCode: patient.fiscalCode,
      lastName: patient.lastName,
      firstName: patient.firstName,
      address: patient.residenceAddress,
      asl: patient.aslCode ? patient.aslCode.slice(-3) : null,
    },
    tipoRic: prescription.tipoRic,
    obscured: prescription.obscured,
    exemptionCode: prescription.exemptionCode,
    notExempt: prescription.notExempt,
    incomeExempt: prescription.incomeExempt,
    diagnosisCode: prescription.diagnosisCode,
    diagnosisText: prescription.diagnosisText,
    priority: prescription.priority,
    visitType: prescription.visitType,
    indication: prescription.indication,
    items: prescription.items.map((item) => ({
      code: item.equivalenceGroup ? null : item.code,
      description: item.equivalenceGroup ? null : item.description,
      equivalenceGroup: item.equivalenceGroup ? { code: item.equivalenceGroup, description: item.equivalenceDescription ?? '' } : null,
      quantity: item.quantity,
      notSubstitutable: item.notSubstitutable,
      notSubstitutableReason: item.notSubstitutableReason,
      aifaNote: item.aifaNote,
      catalogueCode: item.catalogueCode,
      accessType: item.accessType,
    })),
  }
}

/** Tells the pages that show this prescription (the doctor's queue, the staff who prepared it). */
export function announce(prescription: { id: number; prescriberId: number; preparedByUserId: number }, extra: Record<string, unknown> = {}) {
  try {
    notify({ user: [prescription.prescriberId, prescription.preparedByUserId], role: ['titolare', 'sostituto', 'collaboratore'] }, 'prescriptions:changed', { id: prescription.id, ...extra })
  } catch {}
}

async function markPending(prescription: Prescription, reason: string) {
  await db.from('prescriptions').where('id', prescription.id).update({
    last_transport_error: reason.slice(0, 1000),
    attempts: prescription.attempts + 1,
    updated_at: now(),
  })
}

async function recordOutcome(prescription: Prescription, outcome: SendOutcome) {
  const messages = outcome.messages.map((m) => ({ code: m.code, text: m.text, itemIndex: m.itemIndex ?? null, severity: m.severity }))
  if (outcome.status === 'accepted' || outcome.status === 'accepted_with_warnings') {
    await applyTransition({
      id: prescription.id,
      event: 'accepted',
      actor: 'system',
      changes: {
        nre: outcome.nre ?? outcome.nrbe ?? prescription.nre,
        pin_encrypted: outcome.pin ? encryption.encrypt(outcome.pin) : null,
        auth_code: outcome.authCode ?? null,
        inserted_at: outcome.insertedAt ?? null,
        regional_message: outcome.regionalMessage ?? null,
        messages: messages.length ? JSON.stringify(messages) : null,
        last_transport_error: null,
        sent_at: now(),
      },
    })
    await afterAcceptance(prescription.id, outcome.promemoriaPdf ?? null)
    return 'accepted' as const
  }
  if (outcome.status === 'rejected') {
    await applyTransition({
      id: prescription.id,
      event: 'rejected',
      actor: 'system',
      note: messages.map((m) => `${m.code} ${m.text}`).join('; '),
      changes: { messages: JSON.stringify(messages), last_transport_error: null, red_suggested: Boolean(outcome.fallbackToRed) },
    })
    return 'rejected' as const
  }
  return 'uncertain' as const
}

export async function sendPrescription(prescriptionId: number): Promise<'accepted' | 'rejected' | 'uncertain' | 'skipped'> {
  const prescription = await Prescription.find(prescriptionId)
  if (!prescription) throw new PermanentJobError(`Prescrizione ${prescriptionId} non trovata.`)
  if (!['VALIDATED', 'PENDING'].includes(prescription.state)) return 'skipped'
  // A private paper prescription goes to no service: once validated it only waits to be printed.
  if (prescription.kind === 'BIANCA') {
    await db.from('prescriptions').where('id', prescription.id).update({ awaiting_print: true, updated_at: now() })
    announce(prescription)
    return 'skipped'
  }

  const plugin: DematRegionPlugin | null = activeDematPlugin()
  const signerId = prescription.substituteId ?? prescription.validatedByUserId ?? prescription.prescriberId
  let ctx
  try {
    ctx = await doctorContext(prescription.prescriberId, signerId)
  } catch (error) {
    if (!(error instanceof MissingCredentials)) throw error
    await toPending(prescription, error.message)
    announce(prescription)
    // Credentials are the doctor's to fix: no automatic retry (spec §8, auth errors stop).
    throw new PermanentJobError(error.message)
  }
  if (plugin && prescription.kind === 'BIANCA_ELETTRONICA' && !plugin.sendWhite) {
    await toPending(prescription, 'Il servizio regionale configurato non gestisce la ricetta bianca elettronica: la ricetta resta in attesa.')
    announce(prescription)
    throw new NotSentYet('no white prescription service')
  }
  if (!plugin) {
    await toPending(prescription, 'Nessun servizio regionale configurato per questa installazione: la ricetta resta in attesa.')
    announce(prescription)
    throw new NotSentYet('no region plugin')
  }

  const payload = await toSend(prescription)
  const problems = plugin.validate(payload).filter((m) => m.severity === 'blocking')
  if (problems.length) {
    await moveToSending(prescription)
    await recordOutcome(prescription, { status: 'rejected', messages: problems })
    announce(prescription)
    return 'rejected'
  }

  const wasPending = prescription.state === 'PENDING'
  if (!(await moveToSending(prescription))) return 'skipped'
  let outcome: SendOutcome
  try {
    // A previous attempt may have reached the service: look for its copy before sending again.
    // (The used-NRE query cannot find a white electronic prescription: no NRBE counterpart.)
    const white = prescription.kind === 'BIANCA_ELETTRONICA'
    const found = !white && wasPending && prescription.attempts > 0 ? await plugin.reconcile(payload, ctx) : null
    outcome = found ?? (prescription.kind === 'BIANCA_ELETTRONICA' ? await plugin.sendWhite!(payload, ctx) : await plugin.send(payload, ctx))
  } catch (error) {
    const kind = plugin.classify(error)
    const prefix = kind === 'auth' ? 'Credenziali rifiutate: ' : kind === 'transport' ? 'Servizio non raggiungibile: ' : ''
    await backToPending(prescription, `${prefix}${(error as Error).message}`)
    announce(prescription)
    if (kind === 'auth') throw new PermanentJobError((error as Error).message)
    throw error
  }
  let result
  try {
    result = await recordOutcome(prescription, outcome)
  } catch (error) {
    // The service answered but we could not record it: never leave it SENDING (a retry would
    // skip it); back to PENDING, and the retry reconciles with the copy the service kept.
    const current = await db.from('prescriptions').where('id', prescription.id).select('state').first()
    if (current?.state === 'SENDING') {
      await backToPending(prescription, `Risposta del servizio non registrata: ${(error as Error).message}`.slice(0, 900))
      announce(prescription)
    }
    throw error
  }
  if (result === 'uncertain' && prescription.kind === 'BIANCA_ELETTRONICA') {
    // No service finds a white prescription already received: resending blindly could issue a
    // second NRBE. The doctor checks first, then presses "Riprova l'invio" himself.
    const reason =
      "Esito incerto della ricetta bianca elettronica: il servizio non permette di cercare una ricetta già ricevuta. Verifichi sul portale del Sistema TS se è stata registrata prima di premere «Riprova l'invio»."
    await backToPending(prescription, reason)
    announce(prescription)
    throw new PermanentJobError(reason)
  }
  if (result === 'uncertain') {
    await backToPending(prescription, 'Esito incerto: la ricetta verrà verificata e ritentata.')
    announce(prescription)
    throw new NotSentYet('uncertain outcome')
  }
  announce(prescription)
  return result
}

async function moveToSending(prescription: Prescription) {
  const event = prescription.state === 'PENDING' ? 'retry' : 'send'
  const moved = await applyTransition({ id: prescription.id, event, actor: event === 'send' ? 'doctor' : 'system', changes: { sent_by_user_id: prescription.substituteId ?? prescription.validatedByUserId } })
  return moved.changed
}

async function toPending(prescription: Prescription, reason: string) {
  if (prescription.state === 'VALIDATED') {
    await applyTransition({ id: prescription.id, event: 'send', actor: 'doctor' })
    await applyTransition({ id: prescription.id, event: 'send_failed', actor: 'system', note: reason })
  }
  await markPending(prescription, reason)
}

async function backToPending(prescription: Prescription, reason: string) {
  await applyTransition({ id: prescription.id, event: 'send_failed', actor: 'system', note: reason })
  await markPending(prescription, reason)
}
