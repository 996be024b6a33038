/*
| Jobs benchmark: N no-op jobs through the studio's job service on BullMQ (Redis at
| REDIS_HOST or 127.0.0.1:6379, one worker, concurrency 10) and on the inline driver, in
| the same run. Prints jobs/s for each.
|
|   scripts/with-node.sh node --import=@poppinss/ts-exec scripts/bench/jobs.ts [--jobs=5000] [--concurrency=10]
*/
import { bootConsoleApp } from './support/console_app.js'

const arg = (name: string, fallback: number) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`))
  return found ? Number(found.split('=')[1]) : fallback
}
const JOBS = arg('jobs', 5000)
const CONCURRENCY = arg('concurrency', 10)

const app = await bootConsoleApp()

const { default: queueConfig } = await import('#config/queue')
const { JobService } = await import('#services/jobs/job_service')
const { BullmqDriver } = await import('#services/jobs/bullmq_driver')
const { setTimeout: sleep } = await import('node:timers/promises')

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000)

async function benchBullmq() {
  const prefix = `studio-mg-bench-${process.pid}`
  const jobs = new JobService({
    ...queueConfig,
    driver: 'bullmq',
    redis: { host: process.env.REDIS_HOST || '127.0.0.1', port: Number(process.env.REDIS_PORT || 6379) },
    prefix,
  })
  try {
    let start = performance.now()
    for (let i = 0; i < JOBS; i++) await jobs.dispatch('core.noop', { i })
    const enqueueMs = performance.now() - start

    start = performance.now()
    await jobs.start({ workers: true, concurrency: CONCURRENCY })
    while (true) {
      const core = (await jobs.counts()).find((c) => c.queue === 'core')!
      if (core.completed >= JOBS) break
      await sleep(20)
    }
    const processMs = performance.now() - start
    return { enqueueMs, processMs }
  } finally {
    await (jobs.driverInstance as InstanceType<typeof BullmqDriver>).obliterate(['core']).catch(() => {})
    await jobs.close()
  }
}

async function benchInline() {
  const jobs = new JobService({ ...queueConfig, driver: 'inline' })
  const start = performance.now()
  for (let i = 0; i < JOBS; i++) await jobs.dispatch('core.noop', { i })
  const enqueueMs = performance.now() - start
  await jobs.idle(600_000)
  const totalMs = performance.now() - start
  await jobs.close()
  return { enqueueMs, totalMs }
}

const bull = await benchBullmq()
const inline = await benchInline()

console.log(`Jobs benchmark: ${JOBS} no-op jobs (core.noop), Node ${process.version}`)
console.log(
  `  BullMQ  enqueue (dispatch one by one): ${rate(JOBS, bull.enqueueMs)} jobs/s (${Math.round(bull.enqueueMs)} ms)`
)
console.log(
  `  BullMQ  process (1 worker, concurrency ${CONCURRENCY}): ${rate(JOBS, bull.processMs)} jobs/s (${Math.round(bull.processMs)} ms)`
)
console.log(
  `  inline  dispatch + run in-process: ${rate(JOBS, inline.totalMs)} jobs/s (${Math.round(inline.totalMs)} ms; dispatch alone ${Math.round(inline.enqueueMs)} ms)`
)

await app.terminate()
