/*
| The sendings of one doctor that did not end with a number: waiting (service down, timeout,
| credentials) or rejected by the service. Gestione Studio puts them above the day's list with
| what the doctor can do, as the desktop product asked right after a failed sequence: try
| again later, print it on a red pad sheet, or cancel it and prescribe it again corrected.
*/
import db from '@adonisjs/lucid/services/db'
import { FingerprintCache } from '#services/fingerprint_cache'

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

// Per doctor; a minute bounds what the fingerprint does not see (a patient's name corrected).
const written = new FingerprintCache<SendProblems>({ max: 32, maxAgeMs: 60_000 })

function failed(doctorId: number, since: string) {
  return db.from('prescriptions as p').where('p.prescriber_id', doctorId).whereIn('p.state', ['PENDING', 'REJECTED']).where('p.created_at', '>=', since)
}

/**
 * The failed sendings of the doctor, newest first: read again only when their fingerprint
 * (count, ids, revisions: from the (prescriber, state, created_at, revision) index alone)
 * has moved, which on most days means never, since there are none.
 */
export async function sendProblems(doctorId: number): Promise<SendProblems> {
  const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000).toISOString().slice(0, 23).replace('T', ' ')
  const row = await failed(doctorId, since).count('* as n').sum('p.id as ids').sum('p.revision as revisions').first()
  const count = Number(row?.n ?? 0)
  if (!count) return { shown: [], total: 0 }
  return written.through(String(doctorId), `${count}:${row.ids}:${row.revisions}`, async () => ({ shown: await newest(doctorId, since), total: count }))
}

/** The newest few with their first item. */
async function newest(doctorId: number, since: string): Promise<SendProblem[]> {
  const rows = await failed(doctorId, since)
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .leftJoin('prescription_items as i', (join) => join.on('i.prescription_id', '=', 'p.id').andOnVal('i.position', '=', 1))
    .orderBy('p.updated_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(SHOWN)
    .select('p.id', 'p.state', 'p.patient_id', 'p.last_transport_error', 'p.messages', 'p.red_suggested', 'pt.last_name', 'pt.first_name', 'i.description as first_item')
  return rows.map((r) => ({
    id: Number(r.id),
    state: r.state,
    patientId: Number(r.patient_id),
    patientName: `${r.last_name} ${r.first_name}`,
    firstItem: r.first_item ?? '',
    reason: reasonOf(r),
    redSuggested: Boolean(Number(r.red_suggested)),
  }))
}
