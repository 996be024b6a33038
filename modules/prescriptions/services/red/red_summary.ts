/*
| The send summary ("riepilogo invii") of red prescriptions in a period: how many wait, are being
| sent, went out or failed; the MEF's answers for those sent; the errors grouped by protocol,
| as the MEF reports them; and the rows, with "Riprova" on the failed ones.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { romeTime } from '../../queries/rome_time.js'
import { TRANSMISSION_STATUSES, type TransmissionStatus } from './send_red.js'

export const STATUS_LABELS: Record<TransmissionStatus, string> = {
  queued: 'In coda',
  sending: 'In invio',
  sent: 'Inviata',
  error: 'In errore',
  cancelled: 'Annullata',
}

export const OUTCOMES = ['received', 'accepted', 'accepted_with_warnings', 'rejected'] as const
export type RedOutcome = (typeof OUTCOMES)[number]

// The MEF's own wording for the state of a file ("stato invii").
export const OUTCOME_LABELS: Record<RedOutcome, string> = {
  received: 'File in attesa di elaborazione',
  accepted: 'File elaborato correttamente e privo di errori',
  accepted_with_warnings: 'File elaborato correttamente con presenza di warning',
  rejected: 'File scartato',
}

export interface SummaryFilter {
  /** ISO dates, Rome time, inclusive. */
  from: string
  to: string
  doctorId: number | null
}

export function defaultFilter(input: { dal?: string; al?: string; medico?: string }): SummaryFilter {
  const today = DateTime.now().setZone('Europe/Rome')
  const iso = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null)
  return {
    from: iso(input.dal) ?? today.minus({ days: 30 }).toISODate()!,
    to: iso(input.al) ?? today.toISODate()!,
    doctorId: Number(input.medico) || null,
  }
}

interface MessageRow {
  code: string
  text: string
  severity: 'blocking' | 'warning'
}

export async function redSummary(filter: SummaryFilter) {
  const start = DateTime.fromISO(filter.from, { zone: 'Europe/Rome' }).startOf('day').toUTC().toSQL({ includeOffset: false })
  const end = DateTime.fromISO(filter.to, { zone: 'Europe/Rome' }).endOf('day').toUTC().toSQL({ includeOffset: false })
  const query = db
    .from('red_transmissions as t')
    .join('prescriptions as p', 'p.id', 't.prescription_id')
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .join('users as d', 'd.id', 't.prescriber_id')
    .where('t.queued_at', '>=', start!)
    .where('t.queued_at', '<=', end!)
    .orderBy('t.id', 'desc')
    .limit(1000)
    .select('t.*', 'pt.last_name', 'pt.first_name', 'd.last_name as doctor_last', 'd.first_name as doctor_first')
  if (filter.doctorId) query.where('t.prescriber_id', filter.doctorId)
  const rows = await query

  const byStatus = Object.fromEntries(TRANSMISSION_STATUSES.map((s) => [s, 0])) as Record<TransmissionStatus, number>
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<RedOutcome, number>
  const groups = new Map<string, { protocol: string | null; items: Array<{ id: number; code: string; patientName: string; messages: MessageRow[]; reason: string | null; status: TransmissionStatus }> }>()

  const list = rows.map((r) => {
    const status = r.status as TransmissionStatus
    byStatus[status] = (byStatus[status] ?? 0) + 1
    if (r.outcome && r.outcome in byOutcome) byOutcome[r.outcome as RedOutcome]++
    const messages: MessageRow[] = r.errors ? JSON.parse(r.errors) : []
    const item = {
      id: Number(r.id),
      prescriptionId: Number(r.prescription_id),
      code: `${r.bar1} ${r.bar2}`,
      patientName: `${r.last_name} ${r.first_name}`,
      doctorName: `${r.doctor_last} ${r.doctor_first}`,
      status,
      statusLabel: STATUS_LABELS[status] ?? status,
      outcomeLabel: r.outcome ? (OUTCOME_LABELS[r.outcome as RedOutcome] ?? r.outcome) : '',
      protocol: r.protocol as string | null,
      reason: r.reason as string | null,
      attempts: Number(r.attempts),
      messages,
      printedAt: romeTime(r.queued_at, 'dd/LL/yyyy HH:mm'),
      sentAt: r.sent_at ? romeTime(r.sent_at, 'dd/LL/yyyy HH:mm') : '',
      retryable: status === 'error' || status === 'queued',
    }
    // Errors grouped by protocol, as the MEF lists them; a failure without a protocol never reached it.
    if (status === 'error' || messages.length) {
      const key = item.protocol ?? ''
      const group = groups.get(key) ?? { protocol: item.protocol, items: [] }
      group.items.push({ id: item.id, code: item.code, patientName: item.patientName, messages, reason: item.reason, status })
      groups.set(key, group)
    }
    return item
  })

  return {
    total: rows.length,
    byStatus: TRANSMISSION_STATUSES.map((s) => ({ status: s, label: STATUS_LABELS[s], count: byStatus[s] })),
    byOutcome: OUTCOMES.map((o) => ({ outcome: o, label: OUTCOME_LABELS[o], count: byOutcome[o] })),
    errorGroups: [...groups.values()].sort((a, b) => (a.protocol ?? '~').localeCompare(b.protocol ?? '~')),
    rows: list,
  }
}
