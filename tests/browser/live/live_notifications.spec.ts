import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import type { Browser } from 'playwright'
import type User from '#models/user'
import { createPatient, createUser } from '#tests/helpers/factories'
import { notify } from '#services/live/notify'

const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
// Code passed to page.evaluate runs in the browser: the server's tsconfig has no DOM types,
// hence `globalThis as any` for window and document.

/** A signed-in home page whose live channels are subscribed, marked to detect a reload. */
async function openHome(browser: Browser, user: User) {
  const context = await browser.newContext({ baseURL, locale: 'it-IT' })
  await (context as any).loginAs(user)
  const page = await (context as any).visit('/')
  await page.waitForSelector('body[data-live="ready"]', { timeout: 10_000 })
  await page.evaluate(() => {
    const w = globalThis as any
    w.__sameDocument = true
    w.__events = 0
    w.document.body.addEventListener('studio:changed', () => w.__events++)
  })
  return { context, page }
}

const activePatients = (page: any) => page.locator('#home-stats .stat-value').first().textContent()

test.group('live notifications in the browser', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a patient added by the secretary refreshes the doctor’s home figures without a reload', async ({
    browser,
    assert,
  }) => {
    const doctor = await createUser({ role: 'titolare' })
    const secretary = await createUser({ role: 'collaboratore' })
    const doctorHome = await openHome(browser, doctor)
    const secretaryHome = await openHome(browser, secretary)
    try {
      assert.equal(await activePatients(doctorHome.page), '0')

      // The secretary's action, server side (the registry form is another page's work).
      await createPatient({ lastName: 'Verdi', status: 'active' })

      for (const { page } of [doctorHome, secretaryHome]) {
        await page.waitForFunction(
          () => (globalThis as any).document.querySelector('#home-stats .stat-value')?.textContent === '1',
          undefined,
          { timeout: 10_000 }
        )
        assert.isTrue(await page.evaluate(() => (globalThis as any).__sameDocument === true), 'no navigation')
      }
    } finally {
      await doctorHome.context.close()
      await secretaryHome.context.close()
    }
  })

  test('a notification to one user reaches only that user', async ({ browser, assert }) => {
    const first = await createUser({ role: 'titolare' })
    const second = await createUser({ role: 'titolare' })
    const firstHome = await openHome(browser, first)
    const secondHome = await openHome(browser, second)
    try {
      notify({ user: first.id }, 'studio:changed', { reason: 'test' })
      await firstHome.page.waitForFunction(() => (globalThis as any).__events === 1, undefined, { timeout: 10_000 })
      await secondHome.page.waitForTimeout(300)
      assert.equal(await secondHome.page.evaluate(() => (globalThis as any).__events), 0)
    } finally {
      await firstHome.context.close()
      await secondHome.context.close()
    }
  })

  test('a user may subscribe to his own channels only', async ({ browser, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const other = await createUser({ role: 'sostituto' })
    const { context, page } = await openHome(browser, doctor)
    try {
      const statuses = await page.evaluate(
        async ({ ownId, otherId }: { ownId: number; otherId: number }) => {
          const w = globalThis as any
          const uid = crypto.randomUUID()
          const stream = new w.EventSource(`/__transmit/events?uid=${uid}`)
          await new Promise((resolve) => (stream.onopen = resolve))
          const token = w.document.querySelector('meta[name="csrf-token"]').getAttribute('content')
          const subscribe = async (channel: string) =>
            (
              await fetch('/__transmit/subscribe', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': token },
                body: JSON.stringify({ uid, channel }),
              })
            ).status
          const result = {
            ownUser: await subscribe(`users/${ownId}`),
            otherUser: await subscribe(`users/${otherId}`),
            ownRole: await subscribe('roles/titolare'),
            otherRole: await subscribe('roles/admin'),
            unknown: await subscribe('patients/1'),
          }
          stream.close()
          return result
        },
        { ownId: doctor.id, otherId: other.id }
      )
      assert.deepEqual(statuses, { ownUser: 204, otherUser: 400, ownRole: 204, otherRole: 400, unknown: 400 })
    } finally {
      await context.close()
    }
  })

  test('signed-out visitors get no event stream', async ({ visit, assert }) => {
    const page = await visit('/login')
    assert.lengthOf(await page.locator('script[data-live-channels]').all(), 0)
    const status = await page.evaluate(async () => (await fetch('/__transmit/events?uid=x', { redirect: 'manual' })).status)
    assert.notEqual(status, 200)
  })
})
