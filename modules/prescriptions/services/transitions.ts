/*
| Every state change of a prescription goes through here: the domain decides whether it is
| legal, a conditional UPDATE makes it happen once (two doctors pressing Invia together move
| it once), and the change is written to prescription_events and the audit log.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { recordAudit } from '#services/audit_log'
import type User from '#models/user'
import { transition, type Actor, type PrescriptionEvent, type PrescriptionState, type TransitionContext } from '../domain/state_machine.js'

export interface TransitionRequest {
  id: number
  event: PrescriptionEvent
  actor: Actor
  user?: User | null
  note?: string | null
  context?: TransitionContext
  /** Columns written with the state change (validated_by, compiled_at, nre…). */
  changes?: Record<string, unknown>
  client?: TransactionClientContract
}

export type TransitionResult = { changed: true; from: PrescriptionState; to: PrescriptionState } | { changed: false; state: PrescriptionState | null }

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** Throws IllegalTransition when the event is not allowed; `changed: false` when someone else moved it first. */
export async function applyTransition(request: TransitionRequest): Promise<TransitionResult> {
  const client = request.client ?? db.connection()
  const row = await client.from('prescriptions').where('id', request.id).select('state', 'patient_id').first()
  if (!row) return { changed: false, state: null }
  const from = row.state as PrescriptionState
  const to = transition(from, request.event, request.actor, request.context)
  const updated = await client
    .from('prescriptions')
    .where('id', request.id)
    .where('state', from)
    .update({ ...request.changes, state: to, updated_at: now() })
  if (Number(updated) !== 1) {
    const current = await client.from('prescriptions').where('id', request.id).select('state').first()
    return { changed: false, state: current?.state ?? null }
  }
  await client.table('prescription_events').insert({
    prescription_id: request.id,
    event: request.event,
    from_state: from,
    to_state: to,
    user_id: request.user?.id ?? null,
    note: request.note ? request.note.slice(0, 500) : null,
    occurred_at: now(),
  })
  await recordAudit(
    { user: request.user ?? null },
    { action: 'update', entity: 'prescription', entityId: request.id, patientId: row.patient_id, details: { event: request.event, from, to } }
  )
  return { changed: true, from, to }
}
