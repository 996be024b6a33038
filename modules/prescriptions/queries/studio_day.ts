/*
| The rows of Gestione Studio: one doctor's prescriptions of one day (Rome time), filtered as
| the screen offers (new, processed, cancelled, all) and optionally by patient. A busy day runs
| to thousands of prescriptions, so the screen asks for one page of them and the day's count,
| in two queries (headers, then their items), once the day's fingerprint has said whether the
| list already written for it still holds (presenters/day_list_page).
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

// A page asks for the same day several times; the bounds change only with the date (and DST).
const boundsOfDay = new Map<string, [string, string]>()

/** UTC bounds of a Rome calendar day. */
export function dayBounds(date: string): [string, string] {
  let bounds = boundsOfDay.get(date)
  if (!bounds) {
    const day = DateTime.fromISO(date, { zone: 'Europe/Rome' }).startOf('day')
    bounds = [day.toUTC().toSQL({ includeOffset: false })!, day.plus({ days: 1 }).toUTC().toSQL({ includeOffset: false })!]
    if (boundsOfDay.size >= 366) boundsOfDay.delete(boundsOfDay.keys().next().value!)
    boundsOfDay.set(date, bounds)
  }
  return bounds
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

// One formatter for the rows of a day that changes the clock (last Sunday of March and October).
const romeClock = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

const instantOf = (value: unknown) => (value instanceof Date ? value : typeof value === 'number' ? new Date(value) : new Date(`${String(value).replace(' ', 'T')}Z`))
const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n))

/**
 * HH:mm in Rome of the UTC timestamps of one Rome day, as either database returns them
 * (SQLite text, MariaDB Date). On the other 363 days Rome keeps one offset from midnight to
 * midnight: the clock is UTC plus that offset, without asking Intl row by row.
 */
export function romeClockOf(date: string): (value: unknown) => string {
  const [from, to] = dayBounds(date).map((b) => instantOf(b).getTime())
  const hours = (to - from) / 3_600_000
  if (hours !== 24) return (value) => romeClock.format(instantOf(value))
  const [year, month, day] = date.split('-').map(Number)
  // Rome's midnight read as if it were UTC, minus the real instant of that midnight.
  const offsetMinutes = (Date.UTC(year, month - 1, day) - from) / 60_000
  return (value) => {
    // SQLite gives 'YYYY-MM-DD HH:mm:ss…' in UTC: the clock is in the text already.
    let utc: number
    if (typeof value === 'string') utc = Number(value.slice(11, 13)) * 60 + Number(value.slice(14, 16))
    else {
      const instant = instantOf(value)
      utc = instant.getUTCHours() * 60 + instant.getUTCMinutes()
    }
    const minutes = (utc + offsetMinutes + 1440) % 1440
    return `${twoDigits(Math.floor(minutes / 60))}:${twoDigits(minutes % 60)}`
  }
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

/** The day's headers with patient and preparer, newest first; `limit` and `offset` give one page. */
function headersQuery(options: DayOptions, limit?: number, offset = 0) {
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
  if (limit) query.limit(limit).offset(offset)
  return query
}

/** The headers as DayRows, with their items (one query for a page's worth of headers). */
async function withItems(headers: any[], date: string): Promise<DayRow[]> {
  const items = new Map<number, DayRow['items']>()
  const ids = headers.map((r) => r.id)
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await db.from('prescription_items').whereIn('prescription_id', ids.slice(i, i + 500)).orderBy('prescription_id').orderBy('position').select('prescription_id', 'description', 'quantity')
    for (const item of chunk) {
      const list = items.get(item.prescription_id) ?? []
      list.push({ description: item.description, quantity: Number(item.quantity) })
      items.set(item.prescription_id, list)
    }
  }
  const clock = romeClockOf(date)
  return headers.map((r) => ({
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
    createdAt: clock(r.created_at),
    nre: r.nre,
    awaitingPrint: Boolean(Number(r.awaiting_print)),
    cancelReason: r.cancel_reason,
    group: { index: r.group_index, size: r.group_size },
    items: items.get(r.id) ?? [],
  }))
}

/** The day's rows, newest first; `limit` and `offset` give one page of them. */
export async function studioDay(options: DayOptions & { limit?: number; offset?: number }): Promise<DayRow[]> {
  return withItems(await headersQuery(options, options.limit, options.offset), options.date)
}

export interface DayFingerprint {
  count: number
  /** Changes whenever a prescription of the day is added, removed or updated. */
  fingerprint: string
}

/**
 * How many prescriptions the day has for these options, and a fingerprint of them: the sum of
 * the ids moves when one is added or removed, the sum of the revisions (raised by the
 * database on every update) when one changes. Items are written once, with their
 * prescription. Read from the (prescriber, created_at, state, revision) index alone.
 */
export async function dayFingerprint(options: DayOptions): Promise<DayFingerprint> {
  const row = await dayQuery(options).count('* as n').sum('p.id as ids').sum('p.revision as revisions').first()
  const count = Number(row?.n ?? 0)
  return { count, fingerprint: `${count}:${row?.ids ?? 0}:${row?.revisions ?? 0}` }
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
