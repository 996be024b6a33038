import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { Queue } from 'bullmq'
import { JobService } from '#services/jobs/job_service'
import { listFailed } from '#services/jobs/failed_jobs'
import { jobIdFor } from '#services/jobs/bullmq_driver'
import {
  attempts,
  clearTestRedis,
  closedPort,
  failing,
  registerTestJobs,
  settingExists,
  TEST_PREFIX,
  testConfig,
  unregisterTestJobs,
  waitFor,
} from '#tests/unit/jobs/support/test_jobs'

async function failedJobs() {
  const failed = await listFailed()
  return failed.length ? failed : null
}

// These tests talk to the real Redis at 127.0.0.1:6379, under a prefix of their own.
test.group('jobs on Redis (BullMQ driver)', (group) => {
  let jobs: JobService
  let testQueue: Queue

  group.setup(async () => {
    await clearTestRedis()
    testQueue = new Queue('test', { connection: { host: '127.0.0.1', port: 6379 }, prefix: TEST_PREFIX })
    return async () => {
      await testQueue.close()
      await clearTestRedis()
    }
  })

  group.each.setup(async () => {
    registerTestJobs()
    jobs = new JobService(testConfig('bullmq'))
    await jobs.start({ workers: true })
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.close()
      unregisterTestJobs()
      await rollback()
      await clearTestRedis()
    }
  })

  test('a dispatched job is run by a worker, with the whole app', async ({ assert }) => {
    const { id } = await jobs.dispatch('test.write-setting', { tag: 'b1' })
    await waitFor(() => settingExists('job:b1'))
    const job = await waitFor(async () => {
      const j = await testQueue.getJob(id)
      return j && (await j.getState()) === 'completed' ? j : null
    })
    assert.equal(job.name, 'test.write-setting')
    assert.deepEqual(job.data, { tag: 'b1' })
  })

  test('a failing job is retried with exponential backoff, then lands in failed with its error', async ({ assert }) => {
    const { id } = await jobs.dispatch('test.always-fails', { tag: 'bf' }, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 150 },
    })
    const [failed] = await waitFor(failedJobs, 10_000)
    const times = attempts.get('bf')!
    assert.lengthOf(times, 3)
    assert.isAtLeast(times[1] - times[0], 140)
    assert.isAtLeast(times[2] - times[1], 290)

    const job = (await testQueue.getJob(id))!
    assert.equal(await job.getState(), 'failed')
    assert.equal(job.attemptsMade, 3)
    assert.include(job.failedReason, 'Servizio esterno non raggiungibile (bf)')

    assert.equal(failed.driver, 'bullmq')
    assert.equal(failed.jobId, id)
    assert.equal(failed.queue, 'test')
    assert.equal(failed.attempts, 3)
    assert.include(failed.error, 'Servizio esterno non raggiungibile (bf)')
  })

  test('retrying a failed job re-runs the same BullMQ job', async ({ assert }) => {
    failing.add('br')
    const { id } = await jobs.dispatch('test.flaky', { tag: 'br' }, { attempts: 2, backoff: { type: 'fixed', delay: 20 } })
    const [failed] = await waitFor(failedJobs)

    failing.delete('br')
    assert.equal(await jobs.retryFailed(failed.id), 'retried')
    await waitFor(() => settingExists('job:br'))
    assert.equal(await (await testQueue.getJob(id))!.getState(), 'completed')
    assert.lengthOf(attempts.get('br')!, 3)
    assert.lengthOf(await listFailed(), 0)
  })

  test('a second dispatch with the same idempotency key is ignored', async ({ assert }) => {
    const first = await jobs.dispatch('test.write-setting', { tag: 'bk' }, { idempotencyKey: 'promemoria:7' })
    const second = await jobs.dispatch('test.write-setting', { tag: 'bk' }, { idempotencyKey: 'promemoria:7' })
    assert.equal(first.id, jobIdFor('promemoria:7'))
    assert.isFalse(first.duplicate)
    assert.isTrue(second.duplicate)
    await waitFor(() => settingExists('job:bk'))
    assert.isTrue(await jobs.idle(5_000))
    // Even once completed, the key still holds within the window.
    assert.isTrue((await jobs.dispatch('test.write-setting', { tag: 'bk' }, { idempotencyKey: 'promemoria:7' })).duplicate)
    assert.lengthOf(attempts.get('bk')!, 1)
  })

  test('a repeatable job is registered in Redis and runs on its schedule', async ({ assert }) => {
    await jobs.schedule('test.tick', { tag: 'bs' }, { every: 200 }, { key: 'test-tick' })
    await jobs.schedule('test.tick', { tag: 'bc' }, { pattern: '0 3 * * *' }, { key: 'test-nightly' })

    const schedulers = await testQueue.getJobSchedulers()
    const byKey = Object.fromEntries(schedulers.map((s) => [s.key, s]))
    assert.equal(Number(byKey['test-tick'].every), 200)
    assert.equal(byKey['test-nightly'].pattern, '0 3 * * *')
    assert.equal(byKey['test-nightly'].tz, 'Europe/Rome')

    await waitFor(() => (attempts.get('bs')?.length ?? 0) >= 2, 5_000)
    await jobs.unschedule('test-tick')
    await jobs.unschedule('test-nightly')
    assert.lengthOf(await testQueue.getJobSchedulers(), 0)
  })

  test('the queue counts come from Redis', async ({ assert }) => {
    await jobs.dispatch('test.tick', { tag: 'bn' }, { delay: 60_000 })
    const counts = (await jobs.counts()).find((c) => c.queue === 'test')!
    assert.equal(counts.delayed, 1)
    assert.equal(await jobs.state(), 'ok')
  })
})

test.group('job queue state', () => {
  test('is down when Redis is configured but does not answer', async ({ assert }) => {
    const jobs = new JobService(testConfig('bullmq', { redis: { host: '127.0.0.1', port: await closedPort() } }))
    try {
      assert.equal(await jobs.state(), 'down')
      await assert.rejects(() => jobs.dispatch('core.noop', {}), /Redis does not answer/)
    } finally {
      await jobs.close()
    }
  })

  test('is inline without Redis', async ({ assert }) => {
    const jobs = new JobService(testConfig('inline'))
    assert.equal(await jobs.state(), 'inline')
    await jobs.close()
  })
})
