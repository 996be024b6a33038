import { test } from '@japa/runner'
import { DateTime } from 'luxon'
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

  test('Prova credenziali calls the service with the doctor\'s own credentials and keeps the answer on the page', async ({ client, assert }) => {
    const { doctor } = await studio()
    const tryThem = () => client.post('/gestione-studio/credenziali/prova').withCsrfToken().loginAs(doctor).redirects(0)

    const ok = await tryThem()
    assert.include(String(ok.flashMessages().success), 'Credenziali valide')
    let $ = cheerio.load((await client.get('/gestione-studio/credenziali').loginAs(doctor)).text())
    assert.match($('[data-testid="credentials-check"]').text(), /Ultima prova .*: riuscita/)

    state.plugin.credentialsScript = ['refused', 'transport']
    assert.include(String((await tryThem()).flashMessages().error), '1002 Pincode errato')
    $ = cheerio.load((await client.get('/gestione-studio/credenziali').loginAs(doctor)).text())
    assert.match($('[data-testid="credentials-check"]').text(), /non riuscita/)
    assert.include(String((await tryThem()).flashMessages().error), 'Servizio non raggiungibile')

    // A region whose service offers no such call says so instead of pretending.
    const original = state.plugin.testCredentials
    state.plugin.testCredentials = undefined
    try {
      assert.include(String((await tryThem()).flashMessages().error), 'non offre una prova delle credenziali')
    } finally {
      state.plugin.testCredentials = original
    }
    const audited = await db.from('audit_logs').where('entity', 'demat_credentials').where('action', 'test').count('* as n').first()
    assert.equal(Number(audited!.n), 4)

    const staff = await createUser({ role: 'collaboratore', unrestrictedRights: true })
    ;(await client.post('/gestione-studio/credenziali/prova').withCsrfToken().loginAs(staff).redirects(0)).assertStatus(403)
  })

  test('the doctor\'s pages remind him of missing, expiring and expired credentials', async ({ client, assert }) => {
    const { doctor } = await studio()
    const reminder = async (user: any) => cheerio.load((await client.get('/gestione-studio/avviso').loginAs(user)).text())('[data-testid="credentials-reminder"]').text()
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10)

    await db.from('demat_credentials').where('user_id', doctor.id).update({ password_expires_at: day(60) })
    assert.equal(await reminder(doctor), '')
    await db.from('demat_credentials').where('user_id', doctor.id).update({ password_expires_at: day(7) })
    assert.match(await reminder(doctor), /scade tra (6|7|8) giorni/)
    await db.from('demat_credentials').where('user_id', doctor.id).update({ password_expires_at: day(-1) })
    assert.include(await reminder(doctor), 'è scaduta')
    const newcomer = await createUser({ role: 'sostituto', fiscalCode: 'VRDGPP75C15L219H' })
    assert.include(await reminder(newcomer), 'Non ha ancora inserito le credenziali')
  })

  test('the two-factor session is kept encrypted until it expires and reaches the plugin only while valid', async ({ client, assert }) => {
    const { doctor } = await studio()
    const save = (form: Record<string, string>) => client.post('/gestione-studio/credenziali/sessione').form(form).withCsrfToken().loginAs(doctor).redirects(0)
    const inRome = (hours: number) => DateTime.now().setZone('Europe/Rome').plus({ hours }).toFormat("yyyy-LL-dd'T'HH:mm")

    const bad = await save({ session_id: 'a b', expires_at: inRome(-1) })
    const bag = (bad.flashMessages() as any).inputErrorsBag
    assert.include(bag.session_id[0], 'senza spazi')
    assert.include(bag.expires_at[0], 'già scaduta')
    assert.isNull((await doctorContext(doctor.id, doctor.id)).twoFactorSession)

    await save({ session_id: 'A2F-7f3e9c1d-SESSIONE', expires_at: inRome(8) })
    const row = await db.from('demat_credentials').where('user_id', doctor.id).first()
    assert.notInclude(row.two_factor_encrypted, 'A2F-7f3e9c1d')
    assert.equal((await doctorContext(doctor.id, doctor.id)).twoFactorSession?.id, 'A2F-7f3e9c1d-SESSIONE')
    const page = await client.get('/gestione-studio/credenziali').loginAs(doctor)
    assert.notInclude(page.text(), 'A2F-7f3e9c1d')
    assert.include(cheerio.load(page.text())('[data-testid="two-factor-state"]').text(), 'Sessione valida fino al')

    // Once expired it is no longer handed to the plugin, and the page asks for a new one.
    await db.from('demat_credentials').where('user_id', doctor.id).update({ two_factor_expires_at: DateTime.utc().minus({ minutes: 1 }).toSQL({ includeOffset: false }) })
    assert.isNull((await doctorContext(doctor.id, doctor.id)).twoFactorSession)
    const expired = await client.get('/gestione-studio/credenziali').loginAs(doctor)
    assert.include(cheerio.load(expired.text())('[data-testid="two-factor-state"]').text(), 'è scaduta')
  })

  test('the white prescription details: the registration number entered here and the first active clinic', async ({ client, assert }) => {
    const { doctor } = await studio()
    assert.isNull((await doctorContext(doctor.id, doctor.id)).prescriber, 'unknown until the doctor enters his registration number')

    const bad = await client
      .post('/gestione-studio/credenziali')
      .form({ username: 'RSSMRA80A01H501U', password: 'Segreta!2026', pincode: 'AB12CD34EF', region_code: '120', asl_code: '201', registration_number: '12 34' })
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    assert.include((bad.flashMessages() as any).inputErrorsBag.registration_number[0], 'iscrizione')
    await client
      .post('/gestione-studio/credenziali')
      .form({ username: 'RSSMRA80A01H501U', password: 'Segreta!2026', pincode: 'AB12CD34EF', region_code: '120', asl_code: '201', registration_number: 'RM-12345' })
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    if (!(await db.from('comuni').where('cadastral_code', 'H501').first())) {
      await db.table('comuni').insert({ cadastral_code: 'H501', name: 'ROMA', name_search: 'roma', province_sigla: 'RM' })
    }
    await db.from('clinics').update({ is_active: false })
    await db.table('clinics').insert({ name: 'Ambulatorio Prati', address: 'Via Cola di Rienzo 10', comune_code: 'H501', cap: '00192', phone: '06 1234567', is_active: true, created_at: DateTime.utc().toSQL({ includeOffset: false }) })
    assert.deepEqual((await doctorContext(doctor.id, doctor.id)).prescriber, {
      registrationNumber: 'RM-12345',
      office: { street: 'Via Cola di Rienzo 10', postalCode: '00192', city: 'ROMA', province: 'RM' },
      phone: '06 1234567',
    })
  })
})
