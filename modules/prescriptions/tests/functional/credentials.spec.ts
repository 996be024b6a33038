import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { createUser } from '#tests/helpers/factories'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { replaceDematPlugin } from '#services/demat/plugins'
import { doctorContext } from '../../services/credentials.js'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { validateAndSend } from '../../services/validate_and_send.js'
import { AIC, prescriptionsSetup, state, studio } from '../support/setup.js'

test.group('credentials and retry', (group) => {
  group.each.setup(prescriptionsSetup())

  test('a doctor enters his credentials: stored encrypted, never shown back; bad values explained; staff kept out', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare', fiscalCode: 'VRDGPP75C15L219H' })
    const bad = await client.post('/gestione-studio/credenziali').form({ username: 'x', password: 'p', pincode: '123', region_code: '12', asl_code: '201' }).withCsrfToken().loginAs(doctor).redirects(0)
    const bag = (bad.flashMessages() as any).inputErrorsBag
    assert.include(bag.pincode[0], '10 caratteri')
    assert.include(bag.region_code[0], '3 cifre')
    await client
      .post('/gestione-studio/credenziali')
      .form({ username: 'VRDGPP75C15L219H', password: 'Segreta!2026', pincode: 'AB12CD34EF', region_code: '120', asl_code: '201', password_expires_at: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10) })
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    const row = await db.from('demat_credentials').where('user_id', doctor.id).first()
    assert.notInclude(row.secret, 'Segreta!2026')
    assert.notInclude(row.secret, 'AB12CD34EF')
    assert.equal((await doctorContext(doctor.id, doctor.id)).credentials.pincode, 'AB12CD34EF')
    const page = await client.get('/gestione-studio/credenziali').loginAs(doctor)
    assert.notInclude(page.text(), 'Segreta!2026')
    assert.notInclude(page.text(), 'AB12CD34EF')
    assert.match(cheerio.load(page.text())('[data-testid="credentials-state"]').text(), /scade tra (9|10) giorni/)
    const staff = await createUser({ role: 'collaboratore', unrestrictedRights: true })
    ;(await client.get('/gestione-studio/credenziali').loginAs(staff)).assertStatus(403)
  })

  test('Riprova on a waiting prescription sends it now; staff cannot', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const result = await preparePrescription(staff, { patientId: patient.id, content: 'drug', items: [{ code: AIC.augmentin, quantity: 1 }] })
    if (!result.ok) throw new Error('not prepared')
    const [id] = result.ids
    const plugin = replaceDematPlugin(null)
    await validateAndSend(doctor, [id])
    await waitFor(async () => (await db.from('prescriptions').where('id', id).first()).state === 'PENDING')
    replaceDematPlugin(plugin)
    const panel = cheerio.load((await client.get(`/gestione-studio/${id}`).loginAs(doctor)).text())
    assert.include(panel('[data-testid="red-fallback"]').text(), 'ricetta rossa')
    assert.lengthOf(panel(`a[href="/gestione-studio/${id}/ricetta-rossa"]`), 1)
    assert.lengthOf(panel('[data-testid="retry"]'), 1)
    const refused = await client.post(`/gestione-studio/${id}/riprova`).withCsrfToken().loginAs(staff).redirects(0)
    assert.include(String(refused.flashMessages().error), 'medico')
    await client.post(`/gestione-studio/${id}/riprova`).withCsrfToken().loginAs(doctor).redirects(0)
    await waitFor(async () => (await db.from('prescriptions').where('id', id).first()).state === 'ACCEPTED')
    assert.lengthOf(state.plugin.received, 1)
  })
})
