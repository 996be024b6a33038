/*
| Dead letters: jobs that failed their last attempt, on either driver, with their error.
| The admin page lists the ones not yet retried; "Riprova" marks a row as retried.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

export interface FailedJob {
  id: number
  driver: 'bullmq' | 'inline'
  queue: string
  jobName: string
  jobId: string | null
  payload: unknown
  error: string
  attempts: number
  failedAt: DateTime
  retriedAt: DateTime | null
}

export interface FailureRecord {
  driver: 'bullmq' | 'inline'
  queue: string
  jobName: string
  jobId: string | null
  payload: unknown
  error: unknown
  attempts: number
}

const now = () => DateTime.utc().toSQL({ includeOffset: false })

/** The message and the first lines of the stack: enough to diagnose, small enough to list. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const stack = (error.stack ?? '').split('\n').slice(1, 6).join('\n')
    return `${error.name}: ${error.message}${stack ? `\n${stack}` : ''}`.slice(0, 4000)
  }
  return String(error).slice(0, 4000)
}

export async function recordFailure(record: FailureRecord): Promise<number> {
  const [id] = await db
    .table('failed_jobs')
    .insert({
      driver: record.driver,
      queue: record.queue,
      job_name: record.jobName,
      job_id: record.jobId,
      payload: JSON.stringify(record.payload ?? null),
      error: describeError(record.error),
      attempts: record.attempts,
      failed_at: now(),
    })
  // SQLite and MariaDB both answer an insert with [insertId].
  return Number(id)
}

function toFailedJob(row: any): FailedJob {
  const date = (value: unknown) =>
    value instanceof Date ? DateTime.fromJSDate(value) : DateTime.fromSQL(String(value), { zone: 'utc' })
  let payload: unknown = null
  try {
    payload = JSON.parse(row.payload)
  } catch {
    payload = row.payload
  }
  return {
    id: Number(row.id),
    driver: row.driver,
    queue: row.queue,
    jobName: row.job_name,
    jobId: row.job_id,
    payload,
    error: row.error,
    attempts: Number(row.attempts),
    failedAt: date(row.failed_at),
    retriedAt: row.retried_at ? date(row.retried_at) : null,
  }
}

/** Failed jobs waiting for a decision, newest first. */
export async function listFailed(limit = 100): Promise<FailedJob[]> {
  const rows = await db
    .from('failed_jobs')
    .whereNull('retried_at')
    .orderBy('failed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
  return rows.map(toFailedJob)
}

export async function findFailed(id: number): Promise<FailedJob | null> {
  const row = await db.from('failed_jobs').where('id', id).first()
  return row ? toFailedJob(row) : null
}

export async function markRetried(id: number) {
  await db.from('failed_jobs').where('id', id).update({ retried_at: now() })
}

/** Forgets failures older than the given days (the core schedules this daily). */
export async function pruneFailed(olderThanDays: number): Promise<number> {
  const limit = DateTime.utc().minus({ days: olderThanDays }).toSQL({ includeOffset: false })
  const removed = await db.from('failed_jobs').where('failed_at', '<', limit).delete()
  return Number(Array.isArray(removed) ? removed[0] : removed)
}
