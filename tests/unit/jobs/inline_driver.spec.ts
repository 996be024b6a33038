import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { JobService } from '#services/jobs/job_service'
import { listFailed } from '#services/jobs/failed_jobs'
import {
  attempts,
  failing,
  registerTestJobs,
  settingExists,
  testConfig,
  unregisterTestJobs,
  waitFor,
} from '#tests/unit/jobs/support/test_jobs'

test.group('jobs without Redis (inline driver)', (group) => {
  let jobs: JobService

  group.each.setup(async () => {
    registerTestJobs()
    jobs = new JobService(testConfig('inline'))
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.close()
      unregisterTestJobs()
      await rollback()
    }
  })

  test('a dispatched job runs after the dispatch returned, with the whole app', async ({ assert }) => {
    const result = await jobs.dispatch('test.write-setting', { tag: 'a1' })
    assert.isFalse(result.duplicate)
    // The caller (a request) went on before the handler started.
    assert.isUndefined(attempts.get('a1'))
    assert.isTrue(await jobs.idle(5_000))
    assert.isTrue(await settingExists('job:a1'))
    const [counts] = (await jobs.counts()).filter((c) => c.queue === 'test')
    assert.equal(counts.completed, 1)
  })

  test('a failing job is retried with exponential backoff, then kept as failed with its error', async ({ assert }) => {
    await jobs.dispatch('test.always-fails', { tag: 'f1' }, { attempts: 3, backoff: { type: 'exponential', delay: 80 } })
    assert.isTrue(await jobs.idle(5_000))

    const times = attempts.get('f1')!
    assert.lengthOf(times, 3)
    assert.isAtLeast(times[1] - times[0], 75) // 80 ms
    assert.isAtLeast(times[2] - times[1], 155) // 160 ms: the delay doubled

    const [failed] = await listFailed()
    assert.equal(failed.driver, 'inline')
    assert.equal(failed.jobName, 'test.always-fails')
    assert.equal(failed.attempts, 3)
    assert.include(failed.error, 'Servizio esterno non raggiungibile (f1)')
    assert.deepEqual(failed.payload, { tag: 'f1' })
  })

  test('retrying a failed job runs it again and takes it off the failed list', async ({ assert }) => {
    failing.add('r1')
    await jobs.dispatch('test.flaky', { tag: 'r1' }, { attempts: 2, backoff: { type: 'fixed', delay: 10 } })
    await jobs.idle(5_000)
    const [failed] = await listFailed()
    assert.equal(failed.jobName, 'test.flaky')

    failing.delete('r1')
    assert.equal(await jobs.retryFailed(failed.id), 'retried')
    await jobs.idle(5_000)
    assert.lengthOf(attempts.get('r1')!, 3)
    assert.isTrue(await settingExists('job:r1'))
    assert.lengthOf(await listFailed(), 0)
    assert.equal(await jobs.retryFailed(failed.id), 'already_retried')
  })

  test('a second dispatch with the same idempotency key is ignored', async ({ assert }) => {
    const first = await jobs.dispatch('test.write-setting', { tag: 'k1' }, { idempotencyKey: 'invio-42' })
    const second = await jobs.dispatch('test.write-setting', { tag: 'k1' }, { idempotencyKey: 'invio-42' })
    assert.isFalse(first.duplicate)
    assert.isTrue(second.duplicate)
    await jobs.idle(5_000)
    assert.lengthOf(attempts.get('k1')!, 1)
  })

  test('a delayed job waits for its delay', async ({ assert }) => {
    const start = Date.now()
    await jobs.dispatch('test.tick', { tag: 'd1' }, { delay: 150 })
    await jobs.idle(5_000)
    assert.isAtLeast(attempts.get('d1')![0] - start, 145)
  })

  test('a repeatable job runs on its schedule once the service is started', async ({ assert }) => {
    await jobs.schedule('test.tick', { tag: 's1' }, { every: 60 }, { key: 'tick' })
    await new Promise((resolve) => setTimeout(resolve, 150))
    assert.isUndefined(attempts.get('s1'), 'declared only: not started yet')

    await jobs.start({ workers: false })
    await waitFor(() => (attempts.get('s1')?.length ?? 0) >= 2, 3_000)
    assert.deepInclude(jobs.declaredSchedules(), { key: 'tick', name: 'test.tick', every: 60 })

    await jobs.unschedule('tick')
    await jobs.idle(2_000)
    const count = attempts.get('s1')!.length
    await new Promise((resolve) => setTimeout(resolve, 150))
    assert.equal(attempts.get('s1')!.length, count)
  })

  test('an unknown job name is refused at dispatch', async ({ assert }) => {
    await assert.rejects(() => jobs.dispatch('test.nope', {}), /Unknown job "test.nope"/)
    await assert.rejects(() => jobs.schedule('test.tick', {}, { pattern: 'not a cron' }, { key: 'x' }))
  })

  test('a handler that is gone fails at once, without the retries', async ({ assert }) => {
    await jobs.dispatch('test.write-setting', { tag: 'g1' }, { attempts: 5 })
    // Module disabled between dispatch and run: the name no longer resolves.
    unregisterTestJobs()
    await jobs.idle(5_000)
    const [failed] = await listFailed()
    assert.equal(failed.attempts, 1)
    assert.include(failed.error, 'No handler for job "test.write-setting"')
    const rows = await db.from('settings').where('key', 'job:g1')
    assert.lengthOf(rows, 0)
  })
})
