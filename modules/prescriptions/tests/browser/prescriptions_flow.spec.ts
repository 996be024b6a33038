import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { Page } from 'playwright'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { AIC, prescriptionRows, prescriptionsSetup, studio } from '../support/setup.js'
import { PHONE, sameDocument, signedIn } from '../support/browser.js'

/** The secretary's way: search the drug, take the option, submit the chart form. */
async function prescribeFromChart(page: Page, patientId: number, typed: string, aic: string) {
  await page.goto(`/pazienti/${patientId}/prescrizioni`)
  await page.locator('[data-testid="rx-search"]').pressSequentially(typed, { delay: 30 })
  await page.locator(`[data-testid="drug-options"] button[data-aic="${aic}"]`).click()
  const filled = await page.locator('#rx-code-0').inputValue()
  if (filled !== aic) throw new Error(`the option filled the code input with "${filled}", not ${aic}`)
  await page.locator('[data-testid="rx-submit"]').click()
  await page.locator('.flash-success', { hasText: 'attende la validazione del medico' }).waitFor({ timeout: 10_000 })
}

const statesOf = async (ids: number[]) => (await db.from('prescriptions').whereIn('id', ids).orderBy('id').select('state')).map((r) => r.state)
const allIn = (ids: number[], state: string) => waitFor(async () => (await statesOf(ids)).every((s) => s === state))
const scrollWidth = (page: Page) => page.evaluate(() => (globalThis as any).document.scrollingElement.scrollWidth as number)

test.group('prescriptions in the browser', (group) => {
  group.each.setup(prescriptionsSetup())

  test('the secretary prepares three, the doctor sees the banner live, sends two and cancels one; the secretary sees the reason live', async ({
    browser,
    assert,
  }) => {
    const { doctor, staff, patient } = await studio()
    const doctorHome = await signedIn(browser, doctor, '/')
    const desk = await signedIn(browser, staff, `/gestione-studio?medico=${doctor.id}&filtro=tutte`)
    const chart = await desk.context.newPage()
    try {
      assert.equal(await doctorHome.page.locator('[data-testid="waiting-banner"]').count(), 0)

      await prescribeFromChart(chart, patient.id, 'abba', AIC.augmentin)
      await prescribeFromChart(chart, patient.id, 'abigerd', AIC.abigerd)
      await prescribeFromChart(chart, patient.id, 'abesart', AIC.abesart150)
      const rows = await prescriptionRows(patient.id)
      assert.deepEqual(rows.map((r) => r.state), ['AWAITING_VALIDATION', 'AWAITING_VALIDATION', 'AWAITING_VALIDATION'])
      const [first, second, third] = rows.map((r) => Number(r.id))

      // The doctor's open home page shows the banner without a reload.
      const banner = doctorHome.page.locator('[data-testid="waiting-banner"]', { hasText: 'Ci sono 3 prescrizioni in attesa' })
      await banner.waitFor({ timeout: 10_000 })
      assert.isTrue(await sameDocument(doctorHome.page), 'the banner came without a reload')
      // The secretary's open list has the three rows too.
      await desk.page.locator('#day-list tr[data-state="AWAITING_VALIDATION"]').nth(2).waitFor({ timeout: 10_000 })

      const queue = doctorHome.page
      await banner.getByRole('link').click()
      await queue.waitForURL(/\/gestione-studio\?filtro=nuove$/)
      for (const id of [first, second]) await queue.locator(`tr[data-prescription-id="${id}"] input[name="ids"]`).check()
      await queue.locator('[data-testid="send-selected"]').click()
      await queue.locator('.flash-success', { hasText: '2 prescrizioni validate' }).waitFor({ timeout: 10_000 })
      assert.match(queue.url(), /filtro=nuove/, 'back on the filter he was using')
      await allIn([first, second], 'ACCEPTED')

      // The reason is typed in the page's cancel dialog, outside the list: the live refreshes
      // that the sending announces do not touch it.
      await queue.locator(`tr[data-prescription-id="${third}"] [data-cancel]`).click()
      const dialog = queue.locator('[data-testid="cancel-dialog"]')
      await dialog.waitFor({ state: 'visible' })
      await dialog.locator('input[name="reason"]').pressSequentially('Farmaco già in terapia', { delay: 20 })
      await dialog.locator('[data-testid="cancel-confirm"]').click()
      await queue.locator('.flash-success', { hasText: 'Prescrizione cancellata.' }).waitFor({ timeout: 10_000 })
      assert.deepEqual(await statesOf([first, second, third]), ['ACCEPTED', 'ACCEPTED', 'CANCELLED'])

      // The secretary's Gestione Studio, open all along, shows the reason and the sent ones.
      const reason = desk.page.locator(`#day-list tr[data-prescription-id="${third}"] [data-testid="cancel-reason"]`)
      await reason.waitFor({ timeout: 10_000 })
      assert.include(await reason.textContent(), 'Farmaco già in terapia')
      await desk.page.locator(`#day-list tr[data-prescription-id="${second}"][data-state="ACCEPTED"]`).waitFor({ timeout: 10_000 })
      assert.equal(await desk.page.locator(`#day-list tr[data-prescription-id="${first}"]`).getAttribute('data-state'), 'ACCEPTED')
      assert.isTrue(await sameDocument(desk.page), 'the list refreshed without a reload')
      assert.equal(await desk.page.locator('#day-list').count(), 1, 'the list was refreshed in place, not nested')
    } finally {
      await doctorHome.context.close()
      await desk.context.close()
    }
  })

  test('the doctor validates from his phone: the remote page lists what waits and Invia tutti sends it', async ({ browser, assert }) => {
    const { doctor, staff, patient } = await studio()
    const ids: number[] = []
    for (const code of [AIC.augmentin, AIC.abigerd]) {
      const result = await preparePrescription(staff, { patientId: patient.id, content: 'drug', items: [{ code, quantity: 1 }] })
      if (!result.ok) throw new Error(JSON.stringify(result.errors))
      ids.push(...result.ids)
    }

    const { context, page } = await signedIn(browser, doctor, '/gestione-studio/remota', PHONE)
    try {
      const listed = await page
        .locator('[data-testid="remote-list"] li[data-prescription-id]')
        .evaluateAll((items) => items.map((li: any) => Number(li.dataset.prescriptionId)))
      assert.sameMembers(listed, ids)
      assert.isAtMost(await scrollWidth(page), 390, 'no horizontal scroll on a phone')

      await page.locator('[data-testid="send-all"]').click()
      await page.locator('.flash-success', { hasText: '2 prescrizioni validate' }).waitFor({ timeout: 10_000 })
      await allIn(ids, 'ACCEPTED')
      await page.locator('[data-testid="remote-list"] li[data-prescription-id]').first().waitFor({ state: 'detached', timeout: 10_000 })
      assert.isAtMost(await scrollWidth(page), 390, 'no horizontal scroll after sending')
    } finally {
      await context.close()
    }
  })
})
