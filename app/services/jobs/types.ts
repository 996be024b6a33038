/*
| Shapes shared by the job service and its two drivers (BullMQ and inline).
*/

export interface Backoff {
  type: 'exponential' | 'fixed'
  /** Milliseconds before the first retry; exponential doubles it at every further retry. */
  delay: number
}

export interface DispatchOptions {
  /** Same key, same job: a second dispatch with a key already seen is ignored. */
  idempotencyKey?: string
  /** Milliseconds to wait before the first attempt. */
  delay?: number
  /** Total attempts, the first included (default from config/queue.ts: 5). */
  attempts?: number
  backoff?: Backoff
}

export type ScheduleSpec = { every: number } | { pattern: string }

export interface ScheduleOptions {
  /** Names the schedule: scheduling again with the same key replaces it. */
  key: string
}

export interface DispatchResult {
  id: string
  /** True when an idempotency key had already been used: nothing was queued. */
  duplicate: boolean
}

export interface JobServiceConfig {
  driver: 'bullmq' | 'inline'
  redis: { host: string; port: number }
  prefix: string
  defaults: { attempts: number; backoff: Backoff }
  idempotencyWindowMs: number
  concurrency: number
  timezone: string
  workersInWebServer: boolean
}

export interface QueueCounts {
  queue: string
  waiting: number
  active: number
  completed: number
  failed: number
  delayed: number
}

export interface ScheduledJob {
  key: string
  name: string
  every?: number
  pattern?: string
}

/** A job as the drivers carry it: the full name (`<area>.<job>`) and its options resolved. */
export interface QueuedJob {
  name: string
  queue: string
  payload: unknown
  attempts: number
  backoff: Backoff
  delay: number
  idempotencyKey?: string
}

export type QueueState = 'ok' | 'inline' | 'down'

export interface JobDriver {
  readonly kind: 'bullmq' | 'inline'
  dispatch(job: QueuedJob): Promise<DispatchResult>
  /** Makes a recorded schedule live (Redis job scheduler, or an in-process timer). */
  applySchedule(key: string, job: QueuedJob, spec: ScheduleSpec): Promise<void>
  removeSchedule(key: string, queue: string): Promise<void>
  schedules(queues: string[]): Promise<ScheduledJob[]>
  counts(queues: string[]): Promise<QueueCounts[]>
  /** Re-runs a dead job once; false when the driver no longer knows it (then it is dispatched anew). */
  retry(queue: string, jobId: string): Promise<boolean>
  startWorkers(queues: string[], concurrency: number): Promise<void>
  state(): Promise<QueueState>
  /** Resolves when every job dispatched so far has finished (tests, shutdown). */
  idle(timeoutMs?: number): Promise<boolean>
  close(): Promise<void>
}
