/*
| The state panel of one prescription: header, items, the service's answer and every state
| change with who made it.
*/
import db from '@adonisjs/lucid/services/db'
import { romeTime } from './rome_time.js'
import { STATE_LABELS, stateBadgeClass, type PrescriptionState } from '../domain/state_machine.js'
import { KIND_LABELS, type PrescriptionKind } from '../domain/kinds.js'

export async function prescriptionPanel(id: number) {
  const p = await db
    .from('prescriptions as p')
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .where('p.id', id)
    .select('p.*', 'pt.last_name', 'pt.first_name', 'pt.fiscal_code')
    .first()
  if (!p) return null
  const items = await db.from('prescription_items').where('prescription_id', id).orderBy('position')
  const events = await db
    .from('prescription_events as e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .where('e.prescription_id', id)
    .orderBy('e.id')
    .select('e.*', 'u.last_name as user_last', 'u.first_name as user_first')
  return {
    id: p.id,
    patientId: p.patient_id,
    patientName: `${p.last_name} ${p.first_name}`,
    fiscalCode: p.fiscal_code,
    kind: KIND_LABELS[p.kind as PrescriptionKind] ?? p.kind,
    state: p.state,
    stateLabel: STATE_LABELS[p.state as PrescriptionState] ?? p.state,
    badge: stateBadgeClass(p.state),
    nre: p.nre,
    authCode: p.auth_code,
    compiledAt: p.compiled_at,
    priority: p.priority,
    diagnosis: [p.diagnosis_code, p.diagnosis_text].filter(Boolean).join(' · '),
    exemption: p.exemption_code,
    cancelReason: p.cancel_reason,
    lastError: p.last_transport_error,
    attempts: p.attempts,
    awaitingPrint: Boolean(Number(p.awaiting_print)),
    messages: p.messages ? JSON.parse(p.messages) : [],
    items,
    events: events.map((e) => ({
      when: romeTime(e.occurred_at, 'dd/LL/yyyy HH:mm:ss'),
      from: e.from_state ? (STATE_LABELS[e.from_state as PrescriptionState] ?? e.from_state) : '',
      to: STATE_LABELS[e.to_state as PrescriptionState] ?? e.to_state,
      who: e.user_last ? `${e.user_last} ${e.user_first}` : 'sistema',
      note: e.note,
    })),
  }
}

/** Prescriptions waiting for these doctors' validation, any day (remote validation). */
export async function waitingForValidation(doctorIds: number[], patientId: number | null) {
  if (!doctorIds.length) return []
  const query = db
    .from('prescriptions as p')
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .join('users as u', 'u.id', 'p.prepared_by_user_id')
    .whereIn('p.prescriber_id', doctorIds)
    .where('p.state', 'AWAITING_VALIDATION')
    .orderBy('p.id')
    .select('p.id', 'p.patient_id', 'p.created_at', 'pt.last_name', 'pt.first_name', 'u.last_name as preparer_last')
  if (patientId) query.where('p.patient_id', patientId)
  const rows = await query
  const ids = rows.map((r) => r.id)
  const items = ids.length ? await db.from('prescription_items').whereIn('prescription_id', ids).orderBy('position') : []
  return rows.map((r) => ({
    id: r.id,
    patientId: r.patient_id,
    patientName: `${r.last_name} ${r.first_name}`,
    preparedBy: r.preparer_last,
    when: romeTime(r.created_at, 'dd/LL HH:mm'),
    items: items.filter((i) => i.prescription_id === r.id).map((i) => `${i.description} ×${i.quantity}`),
  }))
}
