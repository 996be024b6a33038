import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { AIC, prescriptionsSetup, studio } from '../support/setup.js'
import { PHONE, sameDocument, signedIn } from '../support/browser.js'

/** Prescriptions prepared by the staff, one per code: each is announced live. */
async function prepared(staff: User, patientId: number, codes: string[]) {
  const ids: number[] = []
  for (const code of codes) {
    const result = await preparePrescription(staff, { patientId, content: 'drug', items: [{ code, quantity: 1 }] })
    if (!result.ok) throw new Error(JSON.stringify(result.errors))
    ids.push(...result.ids)
  }
  return ids
}

const stateOf = async (id: number) => (await db.from('prescriptions').where('id', id).first()).state as string

test.group('a live refresh keeps what the doctor is doing', (group) => {
  group.each.setup(prescriptionsSetup())

  test('Gestione Studio: the boxes he ticked stay ticked when a colleague adds one, and only those are sent', async ({ browser, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [first, second] = await prepared(staff, patient.id, [AIC.augmentin, AIC.abigerd])
    const { context, page } = await signedIn(browser, doctor, '/gestione-studio?filtro=nuove')
    const box = (id: number) => page.locator(`#day-list tr[data-prescription-id="${id}"] input[name="ids"]`)
    try {
      await box(first).check()
      // The secretary prepares another one: the list refreshes itself under the doctor's eyes.
      const [third] = await prepared(staff, patient.id, [AIC.abesart150])
      await box(third).waitFor({ timeout: 10_000 })
      assert.isTrue(await sameDocument(page), 'refreshed in place')
      assert.deepEqual([await box(first).isChecked(), await box(second).isChecked(), await box(third).isChecked()], [true, false, false])

      await page.locator('[data-testid="send-selected"]').click()
      await page.locator('.flash-success', { hasText: '1 prescrizione validata e in invio.' }).waitFor({ timeout: 10_000 })
      await waitFor(async () => (await stateOf(first)) === 'ACCEPTED')
      assert.deepEqual([await stateOf(second), await stateOf(third)], ['AWAITING_VALIDATION', 'AWAITING_VALIDATION'])
    } finally {
      await context.close()
    }
  })

  test('Gestione Studio: "Seleziona tutte" stays ticked through a refresh while every row is, and clears when a new row comes', async ({ browser, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [first, second] = await prepared(staff, patient.id, [AIC.augmentin, AIC.abigerd])
    const { context, page } = await signedIn(browser, doctor, '/gestione-studio?filtro=nuove')
    const box = (id: number) => page.locator(`#day-list tr[data-prescription-id="${id}"] input[name="ids"]`)
    const all = page.locator('[data-testid="select-all"]')
    try {
      await all.check()
      assert.deepEqual([await box(first).isChecked(), await box(second).isChecked()], [true, true])
      // A change elsewhere in the studio: the list is fetched and written again, the same rows.
      await page.evaluate(() => {
        const g = globalThis as any
        g.__rowBefore = g.document.querySelector('#day-list tbody tr')
        g.htmx.trigger(g.document.body, 'prescriptions:changed', {})
      })
      await page.waitForFunction(() => {
        const g = globalThis as any
        const row = g.document.querySelector('#day-list tbody tr')
        return row && row !== g.__rowBefore
      })
      assert.deepEqual([await all.isChecked(), await box(first).isChecked(), await box(second).isChecked()], [true, true, true])

      const [third] = await prepared(staff, patient.id, [AIC.abesart150])
      await box(third).waitFor({ timeout: 10_000 })
      assert.deepEqual([await all.isChecked(), await box(first).isChecked(), await box(second).isChecked(), await box(third).isChecked()], [false, true, true, false])
    } finally {
      await context.close()
    }
  })

  test('on the phone: an unticked prescription stays unticked, and the cancel reason being typed keeps its text and the focus', async ({ browser, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [first, second] = await prepared(staff, patient.id, [AIC.augmentin, AIC.abigerd])
    const { context, page } = await signedIn(browser, doctor, '/gestione-studio/remota', PHONE)
    const item = (id: number) => page.locator(`[data-testid="remote-list"] li[data-prescription-id="${id}"]`)
    const sendAll = page.locator('[data-testid="send-all"]')
    try {
      assert.equal((await sendAll.innerText()).replace(/\s+/g, ' ').trim(), 'Invia tutti (2)')
      await item(second).locator('input[name="ids"]').uncheck()
      assert.equal((await sendAll.innerText()).replace(/\s+/g, ' ').trim(), 'Invia le selezionate (1)')
      await item(first).locator('summary').click()
      const reason = item(first).locator('input[name="reason"]')
      await reason.pressSequentially('Paziente ricov', { delay: 20 })

      const [third] = await prepared(staff, patient.id, [AIC.abesart150])
      await item(third).waitFor({ timeout: 10_000 })
      assert.isTrue(await sameDocument(page), 'refreshed in place')
      assert.deepEqual(
        [await item(first).locator('input[name="ids"]').isChecked(), await item(second).locator('input[name="ids"]').isChecked(), await item(third).locator('input[name="ids"]').isChecked()],
        [true, false, true],
        'the doctor’s untick kept; the new one comes ticked, as the page offers it'
      )
      assert.equal((await sendAll.innerText()).replace(/\s+/g, ' ').trim(), 'Invia le selezionate (2)')
      assert.isTrue(await item(first).locator('details').evaluate((details: any) => details.open), 'the cancel box stays open')
      assert.equal(await reason.inputValue(), 'Paziente ricov')
      // He goes on typing where he was.
      await page.keyboard.type('erato')
      assert.equal(await reason.inputValue(), 'Paziente ricoverato')

      await sendAll.click()
      await page.locator('.flash-success', { hasText: '2 prescrizioni validate' }).waitFor({ timeout: 10_000 })
      await waitFor(async () => (await stateOf(first)) === 'ACCEPTED' && (await stateOf(third)) === 'ACCEPTED')
      assert.equal(await stateOf(second), 'AWAITING_VALIDATION')
    } finally {
      await context.close()
    }
  })
})
