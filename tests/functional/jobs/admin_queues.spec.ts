import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import * as cheerio from 'cheerio'
import db from '@adonisjs/lucid/services/db'
import queueConfig from '#config/queue'
import jobs from '#services/jobs/main'
import { findFailed, listFailed, recordFailure } from '#services/jobs/failed_jobs'
import { createUser } from '#tests/helpers/factories'
import {
  attempts,
  clearTestRedis,
  failing,
  registerTestJobs,
  settingExists,
  testConfig,
  unregisterTestJobs,
  waitFor,
} from '#tests/unit/jobs/support/test_jobs'

async function failedJobs() {
  const failed = await listFailed()
  return failed.length ? failed : null
}

/** A job that fails its two attempts, as the admin page will list it. */
async function failOnce(tag: string) {
  failing.add(tag)
  await jobs.dispatch('test.flaky', { tag }, { attempts: 2, backoff: { type: 'fixed', delay: 20 } })
  const [failed] = await waitFor(failedJobs)
  failing.delete(tag)
  return failed
}

for (const driver of ['inline', 'bullmq'] as const) {
  test.group(`/admin/code with the ${driver} driver`, (group) => {
    group.each.setup(async () => {
      registerTestJobs()
      await jobs.reconfigure(testConfig(driver))
      await jobs.start({ workers: true })
      const rollback = await testUtils.db().withGlobalTransaction()
      return async () => {
        await jobs.reconfigure(queueConfig)
        unregisterTestJobs()
        await rollback()
        if (driver === 'bullmq') await clearTestRedis()
      }
    })

    test('shows the queues with their counts and the failed jobs with their error', async ({ client, assert }) => {
      const failed = await failOnce('p1')
      const titolare = await createUser({ role: 'titolare' })

      const response = await client.get('/admin/code').loginAs(titolare)
      response.assertStatus(200)
      const $ = cheerio.load(response.text())
      assert.equal($('h1').text(), 'Code dei job')
      const testRow = $('[data-testid="queue-counts"] tr[data-queue="test"]')
      assert.equal(testRow.find('[data-count="failed"]').text(), '1')
      assert.lengthOf($('[data-testid="queue-counts"] tr[data-queue="core"]'), 1)
      const row = $(`tr[data-failed-job="${failed.id}"]`)
      assert.include(row.text(), 'test.flaky')
      assert.include(row.find('.failed-error').text(), 'Ancora giù (p1)')
      assert.equal(row.find('td').eq(2).text().trim(), '2')
      assert.equal(row.find('form').attr('action'), `/admin/code/falliti/${failed.id}/riprova`)
      assert.include(row.find('button').text(), 'Riprova')
    })

    test('"Riprova" re-runs a failed job (form post without JavaScript)', async ({ client, assert }) => {
      const failed = await failOnce('p2')
      const admin = await createUser({ role: 'admin' })

      const response = await client
        .post(`/admin/code/falliti/${failed.id}/riprova`)
        .withCsrfToken()
        .loginAs(admin)
        .redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/admin/code')
      response.assertFlashMessage('success', 'Il job test.flaky è stato rimesso in coda.')

      await waitFor(() => settingExists('job:p2'))
      assert.lengthOf(attempts.get('p2')!, 3)
      assert.lengthOf(await listFailed(), 0)
      const audit = await db.from('audit_logs').where('entity', 'failed_job').first()
      assert.equal(audit.entity_id, String(failed.id))
      assert.equal(audit.action, 'retry')
    })

    test('"Riprova" with htmx answers with the refreshed panel', async ({ client, assert }) => {
      const failed = await failOnce('p3')
      const titolare = await createUser({ role: 'titolare' })

      const response = await client
        .post(`/admin/code/falliti/${failed.id}/riprova`)
        .header('HX-Request', 'true')
        .withCsrfToken()
        .loginAs(titolare)
      response.assertStatus(200)
      const $ = cheerio.load(response.text())
      assert.lengthOf($('header.topbar'), 0)
      assert.lengthOf($('section#queues-panel'), 1)
      assert.include($('.flash-success').text(), 'rimesso in coda')
      await waitFor(() => settingExists('job:p3'))
    })
  })
}

test.group('/admin/code access', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('staff and substitute doctors cannot see the queues nor retry', async ({ client, assert }) => {
    const id = await recordFailure({
      driver: 'inline',
      queue: 'core',
      jobName: 'core.noop',
      jobId: 'inline-1',
      payload: {},
      error: new Error('boom'),
      attempts: 5,
    })
    for (const role of ['collaboratore', 'sostituto'] as const) {
      const user = await createUser({ role })
      const page = await client.get('/admin/code').loginAs(user)
      page.assertStatus(403)
      // A refused form post goes back with the error (bouncer), and retries nothing.
      const retry = await client.post(`/admin/code/falliti/${id}/riprova`).withCsrfToken().loginAs(user).redirects(0)
      retry.assertStatus(302)
      assert.property(retry.flashMessages(), 'error')
    }
    assert.isNull((await findFailed(id))!.retriedAt)
  })

  test('signed-out visitors are sent to the login page', async ({ client }) => {
    const response = await client.get('/admin/code').redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('retrying a failed job that does not exist says so', async ({ client }) => {
    const admin = await createUser({ role: 'admin' })
    const response = await client.post('/admin/code/falliti/999/riprova').withCsrfToken().loginAs(admin).redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Job fallito non trovato.')
  })
})
