/*
| Jobs and settings the job tests share: handlers that write a row (proof that they run with
| the whole app), that fail, that wait; a configuration on a Redis prefix of this test run.
*/
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { DateTime } from 'luxon'
import { Redis } from 'ioredis'
import db from '@adonisjs/lucid/services/db'
import queueConfig from '#config/queue'
import { registerJob, unregisterJob } from '#services/jobs/registry'
import type { JobServiceConfig } from '#services/jobs/types'

/** Start times of every attempt, by the `tag` of the payload. */
export const attempts = new Map<string, number[]>()
/** Tags whose `test.flaky` job fails for now. */
export const failing = new Set<string>()

function attempt(tag: string) {
  attempts.set(tag, [...(attempts.get(tag) ?? []), Date.now()])
}

async function writeSetting(key: string) {
  await db.table('settings').insert({
    key,
    value: 'done',
    updated_at: DateTime.utc().toSQL({ includeOffset: false }),
  })
}

const TEST_JOBS = ['test.write-setting', 'test.always-fails', 'test.flaky', 'test.tick']

export function registerTestJobs() {
  registerJob('test.write-setting', async () => ({
    default: async (payload: { tag: string }) => {
      attempt(payload.tag)
      await writeSetting(`job:${payload.tag}`)
    },
  }))
  registerJob('test.always-fails', async () => ({
    default: async (payload: { tag: string }) => {
      attempt(payload.tag)
      throw new Error(`Servizio esterno non raggiungibile (${payload.tag})`)
    },
  }))
  registerJob('test.flaky', async () => ({
    default: async (payload: { tag: string }) => {
      attempt(payload.tag)
      if (failing.has(payload.tag)) throw new Error(`Ancora giù (${payload.tag})`)
      await writeSetting(`job:${payload.tag}`)
    },
  }))
  registerJob('test.tick', async () => ({
    default: async (payload: { tag: string }) => attempt(payload.tag),
  }))
}

export function unregisterTestJobs() {
  for (const name of TEST_JOBS) unregisterJob(name)
  attempts.clear()
  failing.clear()
}

export const TEST_PREFIX = `studio-mg-test-${process.pid}`

export function testConfig(driver: 'bullmq' | 'inline', overrides: Partial<JobServiceConfig> = {}): JobServiceConfig {
  return {
    ...queueConfig,
    driver,
    redis: { host: '127.0.0.1', port: 6379 },
    prefix: TEST_PREFIX,
    defaults: { attempts: 3, backoff: { type: 'exponential', delay: 100 } },
    workersInWebServer: false,
    ...overrides,
  }
}

/** Removes every Redis key of this test run. */
export async function clearTestRedis() {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  await redis.connect()
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${TEST_PREFIX}:*`, 'COUNT', 500)
    if (keys.length) await redis.del(...keys)
    cursor = next
  } while (cursor !== '0')
  await redis.quit()
}

export async function waitFor<T>(check: () => Promise<T> | T, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  while (true) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await sleep(25)
  }
}

export async function settingExists(key: string) {
  return Boolean(await db.from('settings').where('key', key).first())
}

/** A local port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}
