/*
| Background jobs. With REDIS_HOST set, jobs go to BullMQ queues on Redis and run in
| `node ace queue:work` (and inside the web server in development); without it the same
| handlers run in the web process (the 'inline' driver), with the same retries.
*/
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import type { JobServiceConfig } from '#services/jobs/types'

const redisHost = env.get('REDIS_HOST')

const queueConfig: JobServiceConfig = {
  driver: redisHost ? 'bullmq' : 'inline',
  redis: {
    host: redisHost || '127.0.0.1',
    port: env.get('REDIS_PORT', 6379),
  },
  // Namespace of every Redis key: two installations (or a test run) may share one Redis.
  prefix: process.env.QUEUE_PREFIX || 'studio-mg',
  defaults: {
    attempts: 5,
    // 10 s, 20 s, 40 s, 80 s between the five attempts: long enough to outlast a short outage.
    backoff: { type: 'exponential', delay: 10_000 },
  },
  // A duplicate dispatch with the same idempotency key is ignored for this long.
  idempotencyWindowMs: 24 * 3600 * 1000,
  concurrency: 5,
  // Cron patterns of scheduled jobs are read in the studio's time zone.
  timezone: 'Europe/Rome',
  // In development one `node ace serve` is enough: the web server also runs the workers.
  workersInWebServer: app.inDev,
}

export default queueConfig
