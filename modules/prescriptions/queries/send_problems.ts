/*
| The sendings of one doctor that did not end with a number: waiting (service down, timeout,
| credentials) or rejected by the service. Gestione Studio puts them above the day's list with
| what the doctor can do, as the desktop product asked right after a failed sequence: try
| again later, print it on a red pad sheet, or cancel it and prescribe it again corrected.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

export interface SendProblem {
  id: number
  state: 'PENDING' | 'REJECTED'
  patientId: number
  patientName: string
  firstItem: string
  reason: string
  redSuggested: boolean
}

// Older ones are past their use: the patient has long had a red prescription or a new one.
const WINDOW_DAYS = 30
// The newest few with their buttons; the page says how many more there are.
const SHOWN = 5

function reasonOf(row: { state: string; last_transport_error: string | null; messages: string | null }) {
  if (row.state === 'PENDING') return row.last_transport_error ?? 'Invio non ancora riuscito: nuovo tentativo automatico.'
  try {
    const messages = JSON.parse(row.messages ?? '[]') as Array<{ code: string; text: string }>
    if (messages.length) return messages.map((m) => `${m.code} ${m.text}`).join('; ')
  } catch {}
  return 'Respinta dal servizio regionale.'
}

export interface SendProblems {
  shown: SendProblem[]
  total: number
}

export async function sendProblems(doctorId: number): Promise<SendProblems> {
  const since = DateTime.utc().minus({ days: WINDOW_DAYS }).toSQL({ includeOffset: false })
  const failed = () => db.from('prescriptions as p').where('p.prescriber_id', doctorId).whereIn('p.state', ['PENDING', 'REJECTED']).where('p.created_at', '>=', since)
  const rows = await failed()
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(SHOWN)
    .select('p.id', 'p.state', 'p.patient_id', 'p.last_transport_error', 'p.messages', 'p.red_suggested', 'pt.last_name', 'pt.first_name')
  if (!rows.length) return { shown: [], total: 0 }
  const total = rows.length < SHOWN ? rows.length : Number((await failed().count('* as n').first())?.n ?? rows.length)
  const firstItems = await db
    .from('prescription_items')
    .whereIn('prescription_id', rows.map((r) => r.id))
    .where('position', 1)
    .select('prescription_id', 'description')
  const itemOf = new Map(firstItems.map((i) => [i.prescription_id, i.description as string]))
  const shown = rows.map((r) => ({
    id: Number(r.id),
    state: r.state,
    patientId: Number(r.patient_id),
    patientName: `${r.last_name} ${r.first_name}`,
    firstItem: itemOf.get(r.id) ?? '',
    reason: reasonOf(r),
    redSuggested: Boolean(Number(r.red_suggested)),
  }))
  return { shown, total }
}
