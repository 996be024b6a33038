/*
| The rows of Gestione Studio: one doctor's prescriptions of one day (Rome time), filtered as
| the screen offers (new, processed, cancelled, all) and optionally by patient. Two queries:
| the headers with patient and preparer, then the items of those headers. A busy day runs to
| thousands of prescriptions, so the screen asks for one page of them and the day's count.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { STATE_LABELS, stateBadgeClass, countsForWaitingBanner, type PrescriptionState } from '../domain/state_machine.js'

export type DayFilter = 'nuove' | 'elaborate' | 'annullate' | 'tutte'

export const FILTER_STATES: Record<Exclude<DayFilter, 'tutte'>, PrescriptionState[]> = {
  nuove: ['DRAFT', 'AWAITING_VALIDATION'],
  elaborate: ['VALIDATED', 'SENDING', 'PENDING', 'ACCEPTED', 'REJECTED', 'DELIVERED', 'DISPENSING', 'DISPENSED', 'CANCEL_REQUESTED', 'EXPIRED'],
  annullate: ['CANCELLED', 'DISCARDED'],
}

export interface DayRow {
  id: number
  state: PrescriptionState
  stateLabel: string
  badge: string
  kind: string
  letter: 'T' | 'C'
  tone: 'waiting' | 'delivered' | 'cancelled' | 'done'
  patientId: number
  patientName: string
  fiscalCode: string
  preparedBy: string
  createdAt: string
  nre: string | null
  awaitingPrint: boolean
  cancelReason: string | null
  group: { index: number; size: number }
  items: Array<{ description: string; quantity: number }>
}

/** UTC bounds of a Rome calendar day. */
export function dayBounds(date: string) {
  const day = DateTime.fromISO(date, { zone: 'Europe/Rome' }).startOf('day')
  return [day.toUTC().toSQL({ includeOffset: false })!, day.plus({ days: 1 }).toUTC().toSQL({ includeOffset: false })!]
}

function toneOf(state: PrescriptionState): DayRow['tone'] {
  if (state === 'CANCELLED' || state === 'DISCARDED') return 'cancelled'
  if (state === 'DELIVERED' || state === 'DISPENSED' || state === 'DISPENSING') return 'delivered'
  if (state === 'AWAITING_VALIDATION' || state === 'DRAFT') return 'waiting'
  return 'done'
}

export interface DayOptions {
  doctorId: number
  date: string
  filter: DayFilter
  patientId?: number | null
}

// One formatter for every row: building a zoned DateTime per row cost more than the query.
const romeClock = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** HH:mm in Rome of a UTC timestamp as either database returns it (SQLite text, MariaDB Date). */
function romeHourMinute(value: unknown) {
  const instant = value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`)
  return romeClock.format(instant)
}

function dayQuery(options: DayOptions) {
  const [from, to] = dayBounds(options.date)
  const query = db
    .from('prescriptions as p')
    .where('p.prescriber_id', options.doctorId)
    .where('p.created_at', '>=', from)
    .where('p.created_at', '<', to)
  if (options.filter !== 'tutte') query.whereIn('p.state', FILTER_STATES[options.filter])
  if (options.patientId) query.where('p.patient_id', options.patientId)
  return query
}

/** How many prescriptions the day has for these options (all pages). */
export async function studioDayCount(options: DayOptions): Promise<number> {
  const row = await dayQuery(options).count('* as n').first()
  return Number(row?.n ?? 0)
}

/** The day's rows, newest first; `limit` and `offset` give one page of them. */
export async function studioDay(options: DayOptions & { limit?: number; offset?: number }): Promise<DayRow[]> {
  const query = dayQuery(options)
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .join('users as u', 'u.id', 'p.prepared_by_user_id')
    .select(
      'p.id', 'p.state', 'p.kind', 'p.patient_id', 'p.created_at', 'p.nre', 'p.awaiting_print', 'p.cancel_reason',
      'p.group_index', 'p.group_size', 'pt.last_name', 'pt.first_name', 'pt.fiscal_code',
      'u.role as preparer_role', 'u.last_name as preparer_last', 'u.first_name as preparer_first'
    )
    .orderBy('p.created_at', 'desc')
    .orderBy('p.id', 'desc')
  if (options.limit) query.limit(options.limit).offset(options.offset ?? 0)
  const rows = await query
  const items = new Map<number, DayRow['items']>()
  const ids = rows.map((r) => r.id)
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await db.from('prescription_items').whereIn('prescription_id', ids.slice(i, i + 500)).orderBy('prescription_id').orderBy('position').select('prescription_id', 'description', 'quantity')
    for (const item of chunk) {
      const list = items.get(item.prescription_id) ?? []
      list.push({ description: item.description, quantity: Number(item.quantity) })
      items.set(item.prescription_id, list)
    }
  }
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    stateLabel: STATE_LABELS[r.state as PrescriptionState] ?? r.state,
    badge: stateBadgeClass(r.state),
    kind: r.kind,
    letter: r.preparer_role === 'collaboratore' ? 'C' : 'T',
    tone: toneOf(r.state),
    patientId: r.patient_id,
    patientName: `${r.last_name} ${r.first_name}`,
    fiscalCode: r.fiscal_code,
    preparedBy: `${r.preparer_last} ${r.preparer_first}`,
    createdAt: romeHourMinute(r.created_at),
    nre: r.nre,
    awaitingPrint: Boolean(Number(r.awaiting_print)),
    cancelReason: r.cancel_reason,
    group: { index: r.group_index, size: r.group_size },
    items: items.get(r.id) ?? [],
  }))
}

/** What the doctor's banner counts: waiting for him (to validate) or waiting to be sent again. */
export async function waitingCount(doctorIds: number[]) {
  if (!doctorIds.length) return 0
  const states = (['AWAITING_VALIDATION', 'PENDING'] as PrescriptionState[]).filter(countsForWaitingBanner)
  const row = await db.from('prescriptions').whereIn('prescriber_id', doctorIds).whereIn('state', states).count('* as n').first()
  return Number(row?.n ?? 0)
}

/** Counters of remote validation for the staff: sent and waiting, validated, cancelled (today). */
export async function remoteCounters(doctorId: number, date: string) {
  const [from, to] = dayBounds(date)
  const rows = await db.from('prescriptions').where('prescriber_id', doctorId).where('created_at', '>=', from).where('created_at', '<', to).groupBy('state').select('state').count('* as n')
  const count = (states: string[]) => rows.filter((r) => states.includes(r.state)).reduce((n, r) => n + Number(r.n), 0)
  return { waiting: count(FILTER_STATES.nuove), validated: count(FILTER_STATES.elaborate), cancelled: count(FILTER_STATES.annullate) }
}
