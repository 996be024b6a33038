/*
| A patient's recent prescriptions for the chart tab, with their items and state.
*/
import db from '@adonisjs/lucid/services/db'
import { romeTime } from './rome_time.js'
import { STATE_LABELS, stateBadgeClass, type PrescriptionState } from '../domain/state_machine.js'
import { KIND_LABELS, type PrescriptionKind } from '../domain/kinds.js'

export async function patientPrescriptions(patientId: number, limit = 50) {
  const rows = await db.from('prescriptions').where('patient_id', patientId).orderBy('id', 'desc').limit(limit)
  const ids = rows.map((r) => r.id)
  const items = ids.length ? await db.from('prescription_items').whereIn('prescription_id', ids).orderBy('position') : []
  return rows.map((r) => ({
    id: r.id,
    kind: KIND_LABELS[r.kind as PrescriptionKind] ?? r.kind,
    state: r.state,
    stateLabel: STATE_LABELS[r.state as PrescriptionState] ?? r.state,
    badge: stateBadgeClass(r.state),
    nre: r.nre,
    when: romeTime(r.created_at, 'dd/LL/yyyy HH:mm'),
    cancelReason: r.cancel_reason,
    lastError: r.last_transport_error,
    messages: r.messages ? JSON.parse(r.messages) : [],
    items: items.filter((i) => i.prescription_id === r.id),
  }))
}
