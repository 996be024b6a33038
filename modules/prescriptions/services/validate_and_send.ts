/*
| "Invia" of Gestione Studio and of remote validation: the doctor validates prescriptions the
| staff prepared and they are queued for sending. Each is validated once even when two doctors
| press at the same moment (the state change is conditional); the sending job retries.
*/
import { DateTime } from 'luxon'
import type User from '#models/user'
import jobs from '#services/jobs/main'
import Prescription from '../models/prescription.js'
import { applyTransition } from './transitions.js'
import { permission } from './prescriber.js'
import { formatCompiledAt } from '../domain/compiled_at.js'
import { IllegalTransition } from '../domain/state_machine.js'
import { announce } from './send_prescription.js'

export interface BatchOutcome {
  sent: number[]
  refused: Array<{ id: number; reason: string }>
}

export async function queueSend(prescriptionId: number, attempt = 0) {
  await jobs.dispatch(
    'prescriptions.send',
    { prescriptionId },
    // 1, 2, 4, 8… minutes: a service down for an hour is outlived; the queue survives restarts on BullMQ.
    { attempts: 12, backoff: { type: 'exponential', delay: 60_000 }, idempotencyKey: `prescription-send-${prescriptionId}-${attempt}` }
  )
}

export async function validateAndSend(user: User, ids: number[]): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { sent: [], refused: [] }
  for (const id of ids) {
    const prescription = await Prescription.find(id)
    if (!prescription) {
      outcome.refused.push({ id, reason: 'Prescrizione non trovata.' })
      continue
    }
    const may = await permission(user, 'validate', prescription.prescriberId)
    if (!may.allowed) {
      outcome.refused.push({ id, reason: may.reason })
      continue
    }
    try {
      if (prescription.state === 'AWAITING_VALIDATION' || prescription.state === 'DRAFT') {
        const moved = await applyTransition({
          id,
          event: 'approve',
          actor: 'doctor',
          user,
          changes: {
            validated_by_user_id: user.id,
            substitute_id: user.id !== prescription.prescriberId && user.role === 'sostituto' ? user.id : null,
            validated_at: DateTime.utc().toSQL({ includeOffset: false }),
            compiled_at: formatCompiledAt(DateTime.now()),
          },
        })
        if (!moved.changed) {
          outcome.refused.push({ id, reason: 'La prescrizione è già stata validata da un altro utente.' })
          continue
        }
      } else if (prescription.state !== 'VALIDATED') {
        throw new IllegalTransition(prescription.state, 'approve', 'doctor', 'La prescrizione non è in attesa di validazione.')
      }
      await queueSend(id)
      outcome.sent.push(id)
      announce(prescription)
    } catch (error) {
      if (!(error instanceof IllegalTransition)) throw error
      outcome.refused.push({ id, reason: error.message })
    }
  }
  return outcome
}
