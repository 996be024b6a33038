/*
| The one job API of the studio. `dispatch` queues a job by name, `schedule` declares a
| repeatable one; the driver (BullMQ with REDIS_HOST, inline without) decides where it runs.
| Schedules are only recorded until `start()`: an ace command that boots the app must not
| start timers or write to Redis.
*/
import { CronExpressionParser } from 'cron-parser'
import logger from '@adonisjs/core/services/logger'
import { BullmqDriver } from '#services/jobs/bullmq_driver'
import { InlineDriver } from '#services/jobs/inline_driver'
import { findFailed, markRetried } from '#services/jobs/failed_jobs'
import { jobExists, knownQueues, queueOf } from '#services/jobs/registry'
import type {
  DispatchOptions,
  DispatchResult,
  JobDriver,
  JobServiceConfig,
  QueuedJob,
  ScheduleOptions,
  ScheduleSpec,
} from '#services/jobs/types'

export type RetryOutcome = 'retried' | 'not_found' | 'already_retried' | 'unknown_job'

function makeDriver(config: JobServiceConfig): JobDriver {
  return config.driver === 'bullmq'
    ? new BullmqDriver(config)
    : new InlineDriver({ idempotencyWindowMs: config.idempotencyWindowMs, timezone: config.timezone })
}

export class JobService {
  #config: JobServiceConfig
  #driver: JobDriver
  #schedules = new Map<string, { job: QueuedJob; spec: ScheduleSpec }>()
  #started = false

  constructor(config: JobServiceConfig) {
    this.#config = config
    this.#driver = makeDriver(config)
  }

  get driver(): 'bullmq' | 'inline' {
    return this.#driver.kind
  }

  get config(): JobServiceConfig {
    return this.#config
  }

  /** The driver itself, for tests and the benchmark (obliterate, worker list). */
  get driverInstance(): JobDriver {
    return this.#driver
  }

  #resolve(name: string, payload: unknown, options: DispatchOptions): QueuedJob {
    if (!jobExists(name)) throw new Error(`Unknown job "${name}": no core or enabled-module handler.`)
    const attempts = options.attempts ?? this.#config.defaults.attempts
    if (!Number.isInteger(attempts) || attempts < 1) throw new Error('attempts must be an integer >= 1')
    return {
      name,
      queue: queueOf(name),
      // A round trip through JSON: handlers see on both drivers what Redis would give back.
      payload: JSON.parse(JSON.stringify(payload ?? {})),
      attempts,
      backoff: options.backoff ?? this.#config.defaults.backoff,
      delay: Math.max(0, options.delay ?? 0),
      idempotencyKey: options.idempotencyKey,
    }
  }

  async dispatch(name: string, payload: unknown = {}, options: DispatchOptions = {}): Promise<DispatchResult> {
    return this.#driver.dispatch(this.#resolve(name, payload, options))
  }

  async schedule(name: string, payload: unknown, spec: ScheduleSpec, options: ScheduleOptions) {
    if ('every' in spec) {
      if (!(spec.every > 0)) throw new Error('schedule: every must be a positive number of ms')
    } else {
      CronExpressionParser.parse(spec.pattern) // throws on a malformed pattern, at declaration
    }
    const job = this.#resolve(name, payload, {})
    this.#schedules.set(options.key, { job, spec })
    if (this.#started) await this.#driver.applySchedule(options.key, job, spec)
  }

  async unschedule(key: string) {
    const entry = this.#schedules.get(key)
    if (!entry) return
    this.#schedules.delete(key)
    if (this.#started) await this.#driver.removeSchedule(key, entry.job.queue)
  }

  /** The schedules this process declared (the live ones are in the driver). */
  declaredSchedules() {
    return [...this.#schedules.entries()].map(([key, { job, spec }]) => ({ key, name: job.name, ...spec }))
  }

  /** Makes the declared schedules live and, when asked, starts the workers of every known queue. */
  async start(options: { workers: boolean; concurrency?: number }) {
    this.#started = true
    for (const [key, { job, spec }] of this.#schedules) {
      try {
        await this.#driver.applySchedule(key, job, spec)
      } catch (error) {
        logger.error({ err: error, schedule: key }, 'could not apply a job schedule')
      }
    }
    if (options.workers) {
      await this.#driver.startWorkers(knownQueues(), options.concurrency ?? this.#config.concurrency)
    }
  }

  get started() {
    return this.#started
  }

  /** "Riprova": the same BullMQ job when Redis still has it, else the job dispatched anew. */
  async retryFailed(id: number): Promise<RetryOutcome> {
    const failed = await findFailed(id)
    if (!failed) return 'not_found'
    if (failed.retriedAt) return 'already_retried'
    if (!jobExists(failed.jobName)) return 'unknown_job'
    const sameJob =
      failed.driver === this.driver && failed.jobId
        ? await this.#driver.retry(failed.queue, failed.jobId)
        : false
    if (!sameJob) {
      // One attempt, now: the administrator asked for it and sees the outcome.
      await this.#driver.dispatch(this.#resolve(failed.jobName, failed.payload, { attempts: 1 }))
    }
    await markRetried(id)
    return 'retried'
  }

  counts() {
    return this.#driver.counts(knownQueues())
  }

  state() {
    return this.#driver.state()
  }

  idle(timeoutMs?: number) {
    return this.#driver.idle(timeoutMs)
  }

  /** Swaps the configuration (tests point the service at a throw-away Redis prefix). */
  async reconfigure(config: JobServiceConfig) {
    await this.close()
    this.#config = config
    this.#driver = makeDriver(config)
  }

  async close() {
    this.#started = false
    await this.#driver.close()
  }
}
