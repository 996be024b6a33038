/*
| The driver without Redis: jobs run in this process, after the dispatching request has
| moved on (a timer), with the same attempts, exponential backoff, dead letters and
| idempotency keys as on BullMQ. Nothing survives a restart: a studio that needs that sets
| REDIS_HOST.
*/
import { CronExpressionParser } from 'cron-parser'
import logger from '@adonisjs/core/services/logger'
import { backoffDelay } from '#services/jobs/backoff'
import { recordFailure } from '#services/jobs/failed_jobs'
import { isPermanent, runJob } from '#services/jobs/run_job'
import type {
  DispatchResult,
  JobDriver,
  QueueCounts,
  QueuedJob,
  ScheduledJob,
  ScheduleSpec,
} from '#services/jobs/types'

interface Run {
  id: string
  job: QueuedJob
  attemptsMade: number
  state: 'waiting' | 'delayed' | 'active'
  timer: NodeJS.Timeout | null
}

interface Schedule {
  job: QueuedJob
  spec: ScheduleSpec
  timer: NodeJS.Timeout | null
}

// setTimeout takes at most 2^31-1 ms (24.8 days); longer waits are re-armed.
const MAX_TIMER = 2 ** 31 - 1

export class InlineDriver implements JobDriver {
  readonly kind = 'inline' as const
  #seq = 0
  #keys = new Map<string, number>()
  #runs = new Set<Run>()
  #idleWaiters = new Set<() => void>()
  #counts = new Map<string, QueueCounts>()
  #schedules = new Map<string, Schedule>()
  #closed = false

  constructor(private options: { idempotencyWindowMs: number; timezone: string }) {}

  async dispatch(job: QueuedJob): Promise<DispatchResult> {
    if (job.idempotencyKey) {
      this.#forgetExpiredKeys()
      if (this.#keys.has(job.idempotencyKey)) return { id: job.idempotencyKey, duplicate: true }
      this.#keys.set(job.idempotencyKey, Date.now() + this.options.idempotencyWindowMs)
    }
    const run: Run = {
      id: job.idempotencyKey ?? `inline-${++this.#seq}`,
      job,
      attemptsMade: 0,
      state: job.delay > 0 ? 'delayed' : 'waiting',
      timer: null,
    }
    this.#runs.add(run)
    this.#count(job.queue)[run.state]++
    this.#arm(run, job.delay)
    return { id: run.id, duplicate: false }
  }

  #arm(run: Run, delay: number) {
    run.timer = setTimeout(() => {
      run.timer = null
      void this.#attempt(run)
    }, Math.min(delay, MAX_TIMER))
  }

  async #attempt(run: Run) {
    const counts = this.#count(run.job.queue)
    counts[run.state as 'waiting' | 'delayed']--
    counts.active++
    run.state = 'active'
    try {
      await runJob(run.job.name, run.job.payload)
      counts.active--
      counts.completed++
      this.#finish(run)
    } catch (error) {
      counts.active--
      run.attemptsMade++
      if (run.attemptsMade < run.job.attempts && !isPermanent(error) && !this.#closed) {
        run.state = 'delayed'
        counts.delayed++
        this.#arm(run, backoffDelay(run.job.backoff, run.attemptsMade))
        return
      }
      counts.failed++
      await this.#recordDeadLetter(run, error)
      this.#finish(run)
    }
  }

  async #recordDeadLetter(run: Run, error: unknown) {
    try {
      await recordFailure({
        driver: 'inline',
        queue: run.job.queue,
        jobName: run.job.name,
        jobId: run.id,
        payload: run.job.payload,
        error,
        attempts: run.attemptsMade,
      })
    } catch (recordError) {
      logger.error({ err: recordError, job: run.job.name }, 'could not record a failed job')
    }
  }

  #finish(run: Run) {
    this.#runs.delete(run)
    if (this.#runs.size === 0) {
      for (const resolve of this.#idleWaiters) resolve()
      this.#idleWaiters.clear()
    }
  }

  #count(queue: string): QueueCounts {
    let counts = this.#counts.get(queue)
    if (!counts) {
      counts = { queue, waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 }
      this.#counts.set(queue, counts)
    }
    return counts
  }

  #forgetExpiredKeys() {
    const now = Date.now()
    for (const [key, expiresAt] of this.#keys) {
      if (expiresAt <= now) this.#keys.delete(key)
    }
  }

  async applySchedule(key: string, job: QueuedJob, spec: ScheduleSpec) {
    await this.removeSchedule(key)
    const schedule: Schedule = { job, spec, timer: null }
    this.#schedules.set(key, schedule)
    this.#armSchedule(key, schedule)
  }

  #armSchedule(key: string, schedule: Schedule) {
    const wait = this.#nextRunIn(schedule.spec)
    schedule.timer = setTimeout(() => {
      if (this.#schedules.get(key) !== schedule) return
      if (wait <= MAX_TIMER) void this.dispatch({ ...schedule.job, idempotencyKey: undefined })
      this.#armSchedule(key, schedule)
    }, Math.min(wait, MAX_TIMER))
    // A schedule alone must not keep a finished process (an ace command) alive.
    schedule.timer.unref()
  }

  #nextRunIn(spec: ScheduleSpec): number {
    if ('every' in spec) return spec.every
    const next = CronExpressionParser.parse(spec.pattern, {
      currentDate: new Date(),
      tz: this.options.timezone,
    }).next()
    return Math.max(0, next.getTime() - Date.now())
  }

  async removeSchedule(key: string) {
    const schedule = this.#schedules.get(key)
    if (schedule?.timer) clearTimeout(schedule.timer)
    this.#schedules.delete(key)
  }

  async schedules(): Promise<ScheduledJob[]> {
    return [...this.#schedules.entries()].map(([key, s]) => ({ key, name: s.job.name, ...s.spec }))
  }

  async counts(queues: string[]): Promise<QueueCounts[]> {
    return queues.map((queue) => ({ ...this.#count(queue) }))
  }

  /** Nothing to find again in memory after the fact: the service dispatches the job anew. */
  async retry(): Promise<boolean> {
    return false
  }

  async startWorkers() {}

  async state() {
    return 'inline' as const
  }

  idle(timeoutMs = 30_000): Promise<boolean> {
    if (this.#runs.size === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        this.#idleWaiters.delete(done)
        resolve(false)
      }, timeoutMs)
      this.#idleWaiters.add(done)
    })
  }

  async close() {
    this.#closed = true
    for (const key of [...this.#schedules.keys()]) await this.removeSchedule(key)
    // Jobs already running may finish; retries still waiting for their backoff are given up.
    for (const run of this.#runs) {
      if (run.timer && run.state === 'delayed' && run.attemptsMade > 0) {
        clearTimeout(run.timer)
        this.#finish(run)
        logger.warn({ job: run.job.name }, 'inline job retry abandoned at shutdown')
      }
    }
    await this.idle(5_000)
  }
}
