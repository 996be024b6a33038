import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { join } from 'node:path'
import jobs from '#services/jobs/main'
import { createUser } from '#tests/helpers/factories'
import BackupTask from '../../models/backup_task.js'
import { scratchDir } from '../support.js'

const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
// page.evaluate code runs in the browser: the server's tsconfig has no DOM types.

test.group('/admin/backup in the browser', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(async () => {
    scratch = scratchDir('browser')
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.idle(10_000)
      await rollback()
      scratch.remove()
    }
  })

  test('"Esegui ora" shows the run progressing and then finished, without reloading the page', async ({
    browser,
    assert,
  }) => {
    const admin = await createUser({ role: 'admin' })
    await BackupTask.create({
      name: 'Pomeriggio',
      destination: join(scratch.dir, 'dest'),
      secondLocation: null,
      secondLocationMode: 'copy',
      weekdays: [1, 2, 3, 4, 5],
      runAt: '14:00',
      passwordEncrypted: null,
      attachments: 'none',
      notifyEmail: 'avvisi@studio.it',
      clinicName: 'Centro',
      isEnabled: true,
    })
    const context = await browser.newContext({ baseURL, locale: 'it-IT' })
    try {
      await (context as any).loginAs(admin)
      const page = await (context as any).visit('/admin/backup')
      await page.waitForSelector('body[data-live="ready"]', { timeout: 20_000 })
      await page.evaluate(() => {
        const w = globalThis as any
        w.__sameDocument = true
        w.__progressEvents = 0
        w.document.body.addEventListener('backup:progress', () => w.__progressEvents++)
        // Every state a run row shows, in order, as the fragment is swapped.
        w.__states = []
        new w.MutationObserver(() => {
          for (const row of w.document.querySelectorAll('#backup-runs tr[data-run]')) {
            if (w.__states.at(-1) !== row.dataset.status) w.__states.push(row.dataset.status)
          }
        }).observe(w.document.body, { childList: true, subtree: true })
      })

      await page.locator('tr', { hasText: 'Pomeriggio' }).getByRole('button', { name: 'Esegui ora' }).click()
      await page.waitForSelector('#backup-runs tr[data-status="success"]', { timeout: 30_000 })
      // The fragment showed the run at work (queued, running) before it showed it finished.
      const states: string[] = await page.evaluate(() => (globalThis as any).__states)
      assert.equal(states.at(-1), 'success')
      assert.isTrue(states.slice(0, -1).some((s) => s === 'queued' || s === 'running'), states.join(' → '))

      const row = page.locator('#backup-runs tr[data-status="success"]')
      assert.include(await row.textContent(), 'Completato')
      assert.include(await row.textContent(), 'Pomeriggio')
      assert.match(await row.textContent(), /studio-mg-[a-z]+\.zip/)
      assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true), 'no reload')
      assert.isAbove(await page.evaluate(() => (globalThis as any).__progressEvents), 0, 'live progress events arrived')
      assert.equal(await page.locator('#backup-runs').getAttribute('data-active'), 'false')
    } finally {
      await context.close()
    }
  })
})
