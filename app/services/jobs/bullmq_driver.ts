/*
| The Redis driver: one BullMQ queue per area (`core`, `agenda`, ...), one shared producer
| connection, workers started by `node ace queue:work` (or the web server in development).
| A job that fails its last attempt stays in BullMQ's failed set and is also recorded in
| `failed_jobs`, where the admin page finds it.
*/
import { createHash } from 'node:crypto'
import { Queue, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import logger from '@adonisjs/core/services/logger'
import { recordFailure } from '#services/jobs/failed_jobs'
import { isPermanent, runJob } from '#services/jobs/run_job'
import type {
  DispatchResult,
  JobDriver,
  QueueCounts,
  QueuedJob,
  QueueState,
  ScheduledJob,
  ScheduleSpec,
} from '#services/jobs/types'

export class QueueUnavailableError extends Error {
  constructor() {
    super('Redis does not answer: the job could not be queued.')
  }
}

interface Options {
  redis: { host: string; port: number }
  prefix: string
  timezone: string
  idempotencyWindowMs: number
}

/** BullMQ refuses ids with ':' or that look like integers: an idempotency key becomes a digest. */
export function jobIdFor(idempotencyKey: string) {
  return `key-${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}`
}

function settleWithin(ms: number, promises: Promise<unknown>[]) {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)))
  return Promise.race([Promise.allSettled(promises), timeout]).finally(() => clearTimeout(timer))
}

export class BullmqDriver implements JobDriver {
  readonly kind = 'bullmq' as const
  #connection: Redis | null = null
  #queues = new Map<string, Queue>()
  #workers = new Map<string, Worker>()
  #lastErrorLog = 0

  constructor(private options: Options) {}

  #redisOptions() {
    return {
      host: this.options.redis.host,
      port: this.options.redis.port,
      // Required by BullMQ: its blocking commands must wait for Redis, never give up.
      maxRetriesPerRequest: null,
      retryStrategy: (times: number) => Math.min(times * 500, 5_000),
    }
  }

  #logError = (error: Error) => {
    // Redis down means one error per reconnect attempt: log one line every half minute.
    if (Date.now() - this.#lastErrorLog < 30_000) return
    this.#lastErrorLog = Date.now()
    logger.error({ err: error }, 'job queue: Redis error')
  }

  #redis(): Redis {
    if (!this.#connection) {
      this.#connection = new Redis(this.#redisOptions())
      this.#connection.on('error', this.#logError)
    }
    return this.#connection
  }

  #queue(name: string): Queue {
    let queue = this.#queues.get(name)
    if (!queue) {
      queue = new Queue(name, { connection: this.#redis(), prefix: this.options.prefix })
      queue.on('error', this.#logError)
      this.#queues.set(name, queue)
    }
    return queue
  }

  /** A request must not hang on a dead Redis: wait briefly for the connection, then give up. */
  async #ready(timeoutMs = 2_000) {
    const redis = this.#redis()
    if (redis.status === 'ready') return
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        redis.off('ready', onReady)
        reject(new QueueUnavailableError())
      }, timeoutMs)
      redis.once('ready', onReady)
    })
  }

  #jobOptions(job: QueuedJob) {
    const keepSeconds = Math.round(this.options.idempotencyWindowMs / 1000)
    return {
      attempts: job.attempts,
      backoff: job.backoff,
      // Completed jobs are kept as long as their idempotency key must be honoured.
      removeOnComplete: { age: keepSeconds },
      removeOnFail: { age: 30 * 24 * 3600 },
    }
  }

  async dispatch(job: QueuedJob): Promise<DispatchResult> {
    await this.#ready()
    const queue = this.#queue(job.queue)
    const jobId = job.idempotencyKey ? jobIdFor(job.idempotencyKey) : undefined
    // BullMQ ignores an add whose id exists; looking first only tells the caller.
    if (jobId && (await queue.getJob(jobId))) return { id: jobId, duplicate: true }
    const added = await queue.add(job.name, job.payload, {
      ...this.#jobOptions(job),
      jobId,
      delay: job.delay || undefined,
    })
    return { id: String(added.id), duplicate: false }
  }

  async #process(job: Job) {
    try {
      return await runJob(job.name, job.data)
    } catch (error) {
      const lastAttempt = isPermanent(error) || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
      if (lastAttempt) {
        await recordFailure({
          driver: 'bullmq',
          queue: job.queueName,
          jobName: job.name,
          jobId: job.id ?? null,
          payload: job.data,
          error,
          attempts: job.attemptsMade + 1,
        }).catch((recordError) =>
          logger.error({ err: recordError, job: job.name }, 'could not record a failed job')
        )
      }
      throw error
    }
  }

  async applySchedule(key: string, job: QueuedJob, spec: ScheduleSpec) {
    await this.#ready(5_000)
    const repeat = 'every' in spec ? { every: spec.every } : { pattern: spec.pattern, tz: this.options.timezone }
    await this.#queue(job.queue).upsertJobScheduler(key, repeat, {
      name: job.name,
      data: job.payload,
      opts: this.#jobOptions(job),
    })
  }

  async removeSchedule(key: string, queue: string) {
    await this.#ready()
    await this.#queue(queue).removeJobScheduler(key)
  }

  async schedules(queues: string[]): Promise<ScheduledJob[]> {
    await this.#ready()
    const all = await Promise.all(queues.map((q) => this.#queue(q).getJobSchedulers()))
    return all.flat().map((s) => ({
      key: s.key,
      name: s.name,
      ...(s.every ? { every: Number(s.every) } : {}),
      ...(s.pattern ? { pattern: s.pattern } : {}),
    }))
  }

  async counts(queues: string[]): Promise<QueueCounts[]> {
    await this.#ready()
    return Promise.all(
      queues.map(async (queue) => {
        const c = await this.#queue(queue).getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed')
        return {
          queue,
          waiting: c.waiting ?? 0,
          active: c.active ?? 0,
          completed: c.completed ?? 0,
          failed: c.failed ?? 0,
          delayed: c.delayed ?? 0,
        }
      })
    )
  }

  async retry(queue: string, jobId: string): Promise<boolean> {
    await this.#ready()
    const job = await this.#queue(queue).getJob(jobId)
    if (!job || (await job.getState()) !== 'failed') return false
    // One more attempt now; should it fail, it is recorded again.
    await job.retry('failed')
    return true
  }

  async startWorkers(queues: string[], concurrency: number) {
    const started: Worker[] = []
    for (const name of queues) {
      if (this.#workers.has(name)) continue
      const worker = new Worker(name, (job) => this.#process(job), {
        connection: this.#redisOptions(),
        prefix: this.options.prefix,
        concurrency,
      })
      worker.on('error', this.#logError)
      worker.on('failed', (job, error) =>
        logger.warn({ job: job?.name, id: job?.id, attempt: job?.attemptsMade, err: error }, 'job failed')
      )
      this.#workers.set(name, worker)
      started.push(worker)
    }
    await Promise.all(started.map((w) => w.waitUntilReady()))
  }

  get workerQueues(): string[] {
    return [...this.#workers.keys()]
  }

  async state(): Promise<QueueState> {
    try {
      await this.#ready(1_000)
      const pong = await Promise.race([
        this.#redis().ping(),
        new Promise((resolve) => setTimeout(() => resolve('timeout'), 1_000)),
      ])
      return pong === 'PONG' ? 'ok' : 'down'
    } catch {
      return 'down'
    }
  }

  async idle(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs
    const queues = [...this.#queues.keys()]
    while (Date.now() < deadline) {
      const counts = await this.counts(queues)
      if (counts.every((c) => c.waiting + c.active + c.delayed === 0)) return true
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return false
  }

  /** Removes every key of these queues (tests and the benchmark use their own prefix). */
  async obliterate(queues: string[]) {
    await this.#ready()
    for (const name of queues) await this.#queue(name).obliterate({ force: true })
  }

  async close() {
    // Running jobs may finish; a dead Redis must not hold the shutdown forever.
    const redisUp = this.#connection?.status === 'ready'
    const workers = [...this.#workers.values()]
    const queues = [...this.#queues.values()]
    this.#workers.clear()
    this.#queues.clear()
    await settleWithin(redisUp ? 10_000 : 1_000, workers.map((w) => w.close(!redisUp)))
    await settleWithin(2_000, queues.map((q) => q.close()))
    // Whatever did not close in time still holds sockets that would keep the process alive.
    if (!redisUp) await settleWithin(1_000, [...workers, ...queues].map((x) => x.disconnect()))
    if (this.#connection) {
      const connection = this.#connection
      this.#connection = null
      if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect())
      else connection.disconnect()
    }
  }
}
