import { test } from '@japa/runner'
import { FingerprintCache } from '#services/fingerprint_cache'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import type User from '#models/user'
import queueConfig from '#config/queue'
import jobs from '#services/jobs/main'
import pdf from '#services/pdf/main'
import { importDataset } from '#services/refdata/import_dataset'
import { replaceDematPlugin } from '#services/demat/plugins'
import { createPatient, createUser } from '#tests/helpers/factories'
import { decodeBarcodes, rasterize } from '#tests/helpers/pdf_inspect'
import { pdfFromLink } from '#tests/helpers/browser_pdf'
import { testConfig, waitFor } from '#tests/unit/jobs/support/test_jobs'
import { SacPlugin } from '#modules/demat-sac/services/sac_plugin'
import { SanitelCertificate } from '#modules/demat-sac/services/sanitel_cf'
import { SacSimulator } from '#modules/demat-sac/services/simulator/sac_simulator'
import { DOCTOR } from '#modules/demat-sac/tests/support'
import { saveCredentials } from '#modules/prescriptions/services/credentials'
import { preparePrescription } from '#modules/prescriptions/services/prepare_prescription'

/*
| A Lazio installation end to end: the region plugin is the real SAC client, talking SOAP to the
| Sogei simulator on a loopback port; the doctor works in the browser.
*/

const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
const AUGMENTIN = '036816015'

let simulator: SacSimulator
let plugin: SacPlugin

/** The prescription once the sending is over, whatever its outcome (the failure message shows it). */
async function settled(id: number) {
  return waitFor(async () => {
    const row = await db.from('prescriptions').where('id', id).first()
    return row && !['VALIDATED', 'SENDING'].includes(row.state) ? row : null
  }, 30_000)
}

async function signedIn(browser: Browser, user: User, path: string) {
  const context = await browser.newContext({ baseURL, locale: 'it-IT' })
  await (context as any).loginAs(user)
  const page: Page = await (context as any).visit(path)
  return { context, page }
}

test.group('a SAC region in the browser', (group) => {
  group.setup(async () => {
    const keyDir = await mkdtemp(join(tmpdir(), 'sac-e2e-'))
    simulator = await new SacSimulator({ keyDir, doctors: [DOCTOR] }).start()
    plugin = new SacPlugin({ baseUrl: simulator.url, timeoutMs: 10_000, requestsPerSecond: 0, certificate: async () => new SanitelCertificate(simulator.certificatePem) })
    const previous = replaceDematPlugin(plugin)
    return async () => {
      replaceDematPlugin(previous)
      await plugin.close()
      await simulator.close()
      await rm(keyDir, { recursive: true, force: true })
      await pdf.close()
    }
  })

  group.each.setup(async () => {
    await jobs.reconfigure(testConfig('inline'))
    const rollback = await testUtils.db().withGlobalTransaction()
    FingerprintCache.forgetAll()
    if (!(await db.from('drugs').first())) await importDataset('drugs', null)
    return async () => {
      await jobs.idle(1_000)
      await jobs.reconfigure(queueConfig)
      await rollback()
    }
  })

  test("a doctor in a SAC region validates a staff-prepared prescription and prints the promemoria with the simulator's NRE", async ({
    browser,
    assert,
  }) => {
    const doctor = await createUser({ role: 'titolare', fiscalCode: DOCTOR.fiscalCode, lastName: 'Rossi', firstName: 'Mario' })
    // The doctor's own credentials for the service, as he saves them in «Credenziali ricetta».
    await saveCredentials(doctor.id, { username: DOCTOR.username, password: DOCTOR.password, pincode: DOCTOR.pincode, regionCode: '120', aslCode: '201' })
    const staff = await createUser({ role: 'collaboratore', unrestrictedRights: true, lastName: 'Segreta' })
    const patient = await createPatient({ doctorId: doctor.id, lastName: 'Bianchi', firstName: 'Luca' })

    const prepared = await preparePrescription(staff, { patientId: patient.id, content: 'drug', items: [{ code: AUGMENTIN, quantity: 1 }] })
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors))
    assert.equal(prepared.state, 'AWAITING_VALIDATION')
    const [id] = prepared.ids
    assert.equal(simulator.prescriptions.size, 0, 'nothing reaches the service before the doctor validates')

    const { context, page } = await signedIn(browser, doctor, '/gestione-studio')
    try {
      const row = page.locator(`#day-list tr[data-prescription-id="${id}"]`)
      await row.locator('input[name="ids"]').check()
      await page.locator('[data-testid="send-selected"]').click()
      await page.locator('.flash-success', { hasText: '1 prescrizione validata e in invio.' }).waitFor({ timeout: 10_000 })

      // No reload: the list refreshes itself when the sending is announced, and once more when
      // its live stream opens (the answer may come before the page after the redirect listens).
      const stored = await settled(id)
      assert.equal(stored.state, 'ACCEPTED', stored.last_transport_error ?? stored.messages)
      const accepted = page.locator(`#day-list tr[data-prescription-id="${id}"][data-state="ACCEPTED"]`)
      await accepted.waitFor({ timeout: 10_000 })
      const shown = /NRE\s+([0-9A-Z]{15})/.exec((await accepted.textContent()) ?? '')?.[1]
      assert.lengthOf(simulator.prescriptions, 1)
      const [issued] = [...simulator.prescriptions.values()]
      assert.equal(shown, issued.nre)
      assert.match(issued.nre, /^1200A[0-9]{10}$/)
      assert.equal(issued.patientCode, patient.fiscalCode)
      assert.equal(issued.cfMedico1, DOCTOR.fiscalCode)
      assert.equal(stored.nre, issued.nre)
      assert.equal(stored.auth_code, issued.authCode)

      const document = await pdfFromLink(page, accepted.getByRole('link', { name: 'Stampa promemoria' }))
      assert.equal(document.subarray(0, 5).toString('latin1'), '%PDF-')
      // DM 2/11/2011: the NRE is printed as two Code 39 barcodes (region + lot, then the number), the CF as a third.
      const codes = await decodeBarcodes((await rasterize(document, 200)).png)
      assert.sameDeepMembers(codes, [
        { format: 'Code39', text: issued.nre.slice(0, 5) },
        { format: 'Code39', text: issued.nre.slice(5) },
        { format: 'Code39', text: patient.fiscalCode },
      ])
      // Printed at the desk: the prescription is delivered.
      await waitFor(async () => (await db.from('prescriptions').where('id', id).first())?.state === 'DELIVERED')
    } finally {
      await context.close()
    }
  }).timeout(90_000)
})
