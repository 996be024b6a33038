import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import * as cheerio from 'cheerio'
import { createPatient, createUser } from '#tests/helpers/factories'
import { loadReferenceFixtures, resultNames } from './support.js'

async function seedPatients() {
  const doctor = await createUser({ role: 'titolare', firstName: 'Paolo', lastName: 'Verdi' })
  const rossi = await createPatient({
    lastName: 'Rossi', firstName: 'Mario', fiscalCode: 'RSSMRA80A01H501U', birthDate: DateTime.fromISO('1980-01-01'),
    birthPlaceCode: 'H501', birthPlaceName: 'Roma (RM)', residenceComuneCode: 'F205', doctorId: doctor.id,
  })
  await createPatient({ lastName: 'Rossini', firstName: 'Anna', sex: 'F', fiscalCode: 'RSSNNA75M41F205A', birthDate: DateTime.fromISO('1975-08-01') })
  await createPatient({ lastName: 'Bianchi', firstName: 'Laura', sex: 'F', fiscalCode: 'BNCLRA85M41F205C', birthDate: DateTime.fromISO('1985-08-01') })
  await createPatient({ lastName: 'De Luca', firstName: 'Giovanni', fiscalCode: 'DLCGNN80A01H501X', birthDate: DateTime.fromISO('1980-05-05') })
  await createPatient({
    lastName: "D'Angelo", firstName: 'Luca', fiscalCode: 'DNGLCU63S12F839Z', birthDate: DateTime.fromISO('1963-11-12'),
    status: 'deceased', statusDate: DateTime.fromISO('2020-01-01'),
  })
  await createPatient({
    lastName: 'Rossi', firstName: 'Marta', sex: 'F', fiscalCode: 'RSSMRT90A41H501B', birthDate: DateTime.fromISO('1990-01-01'),
    status: 'revoked', statusDate: DateTime.fromISO('2024-03-01'),
  })
  return { doctor, rossi }
}

test.group('patient registry search', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function searcher(client: any) {
    const user = await createUser({ role: 'collaboratore' })
    return async (q: string, scope = 'active') =>
      resultNames((await client.get('/pazienti').qs({ q, scope }).header('HX-Request', 'true').loginAs(user)).text())
  }

  test('a surname prefix finds every surname starting with it, in surname and name order', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search('ros'), ['Rossi Mario', 'Rossini Anna'])
    assert.deepEqual(await search('ROSSIN'), ['Rossini Anna'])
  })

  test('surname and first-name prefixes, also with a surname particle', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search('rossi ma'), ['Rossi Mario'])
    assert.deepEqual(await search('bianchi la'), ['Bianchi Laura'])
    assert.deepEqual(await search('de luca'), ['De Luca Giovanni'])
    assert.deepEqual(await search('de luca gi'), ['De Luca Giovanni'])
  })

  test('initials R.M.', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search('R.M.'), ['Rossi Mario'])
    assert.deepEqual(await search('b.l'), ['Bianchi Laura'])
  })

  test('a whole codice fiscale finds exactly that patient; its start finds by prefix', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search('rssmra80a01h501u'), ['Rossi Mario'])
    assert.deepEqual(await search('BNCLRA85'), ['Bianchi Laura'])
    assert.deepEqual(await search('RSSNNA7'), ['Rossini Anna'])
    // six letters: no surname starts with them, so the CF start is tried
    assert.deepEqual(await search('BNCLRA'), ['Bianchi Laura'])
  })

  test('a birth year, alone or with a surname', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search('1980'), ['De Luca Giovanni', 'Rossi Mario'])
    assert.deepEqual(await search('rossi 1980'), ['Rossi Mario'])
    assert.deepEqual(await search('1975 ross'), ['Rossini Anna'])
  })

  test('active patients only by default; all includes revoked and deceased', async ({ client, assert }) => {
    await seedPatients()
    const search = await searcher(client)
    assert.deepEqual(await search("d'ang"), [])
    assert.deepEqual(await search("d'ang", 'all'), ["D'Angelo Luca"])
    assert.deepEqual(await search('rossi mar', 'active'), ['Rossi Mario'])
    assert.deepEqual(await search('rossi mar', 'all'), ['Rossi Mario', 'Rossi Marta'])
  })

  test('each result shows CF, birth date and age, comune, doctor and status, and links to the chart', async ({ client, assert }) => {
    await loadReferenceFixtures()
    const { rossi } = await seedPatients()
    const user = await createUser({ role: 'collaboratore' })
    const html = (await client.get('/pazienti').qs({ q: 'rossi', scope: 'all' }).header('HX-Request', 'true').loginAs(user)).text()
    const $ = cheerio.load(html)
    const row = $(`tr[data-patient-id="${rossi.id}"]`)
    assert.equal(row.find('a').attr('href'), `/pazienti/${rossi.id}`)
    assert.include(row.text(), 'RSSMRA80A01H501U')
    assert.include(row.text(), '01/01/1980')
    const years = Math.floor(DateTime.now().diff(DateTime.fromISO('1980-01-01'), 'years').years)
    assert.equal(row.find('[data-testid="age"]').text().trim(), `${years} anni`)
    assert.include(row.text(), 'Milano') // comune of residence
    assert.include(row.text(), 'Paolo Verdi')
    assert.equal(row.find('[data-testid="status"]').text().trim(), 'Attivo')
    const revoked = $('tr').filter((_, el) => $(el).text().includes('Marta'))
    assert.equal(revoked.find('[data-testid="status"]').text().trim(), 'Revocato dal 01/03/2024')
  })

  test('at most 50 results, with a hint to narrow the search', async ({ client, assert }) => {
    for (let i = 0; i < 51; i++) {
      await createPatient({ lastName: 'Esposito', firstName: `Nome${String(i).padStart(2, '0')}` })
    }
    const user = await createUser({ role: 'collaboratore' })
    const html = (await client.get('/pazienti').qs({ q: 'esposito' }).header('HX-Request', 'true').loginAs(user)).text()
    const names = resultNames(html)
    assert.lengthOf(names, 50)
    assert.equal(names[0], 'Esposito Nome00')
    assert.include(cheerio.load(html)('caption').text(), 'primi 50')
  })

  test('htmx gets the results fragment, a normal request or a history restore the whole page', async ({ client, assert }) => {
    await seedPatients()
    const user = await createUser({ role: 'titolare' })
    const fragment = await client.get('/pazienti').qs({ q: 'ros' }).header('HX-Request', 'true').loginAs(user)
    assert.notInclude(fragment.text(), '<html')
    assert.deepEqual(resultNames(fragment.text()), ['Rossi Mario', 'Rossini Anna'])

    const page = await client.get('/pazienti').qs({ q: 'ros' }).loginAs(user)
    assert.include(page.text(), '<html')
    const $ = cheerio.load(page.text())
    assert.equal($('#patient-q').val(), 'ros')
    assert.equal($('#patient-q').attr('hx-get'), '/pazienti')
    assert.include($('#patient-q').attr('hx-trigger')!, 'input changed delay:200ms')
    assert.equal($('#patient-q').attr('hx-target'), '#patient-results')
    assert.deepEqual(resultNames(page.text()), ['Rossi Mario', 'Rossini Anna'])

    const restore = await client.get('/pazienti').qs({ q: 'ros' }).header('HX-Request', 'true').header('HX-History-Restore-Request', 'true').loginAs(user)
    assert.include(restore.text(), '<html')
  })

  test('no typed text: the page asks what to search and nothing is read', async ({ client, assert }) => {
    await seedPatients()
    const user = await createUser({ role: 'collaboratore' })
    const page = await client.get('/pazienti').loginAs(user)
    page.assertStatus(200)
    assert.lengthOf(resultNames(page.text()), 0)
    assert.lengthOf(await db.from('audit_logs').where('entity', 'patient_search'), 0)
  })

  test('every search is audited as a read with its query', async ({ client, assert }) => {
    await seedPatients()
    const user = await createUser({ role: 'titolare' })
    await client.get('/pazienti').qs({ q: 'ros' }).header('HX-Request', 'true').loginAs(user)
    await client.get('/pazienti').qs({ q: 'nessuno', scope: 'all' }).loginAs(user)
    const rows = await db.from('audit_logs').where('entity', 'patient_search').orderBy('id')
    assert.lengthOf(rows, 2)
    assert.deepEqual(rows.map((r: any) => r.action), ['read', 'read'])
    assert.equal(rows[0].user_id, user.id)
    assert.deepInclude(JSON.parse(rows[0].details), { q: 'ros', scope: 'active', found: 2 })
    assert.deepInclude(JSON.parse(rows[1].details), { q: 'nessuno', scope: 'all', found: 0 })
  })

  test('the administrator cannot search patients; a signed-out visitor goes to login', async ({ client }) => {
    const admin = await createUser({ role: 'admin' })
    ;(await client.get('/pazienti').qs({ q: 'ros' }).loginAs(admin)).assertStatus(403)
    const anonymous = await client.get('/pazienti').redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/login')
  })
})
