import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import * as cheerio from 'cheerio'
import Patient from '#models/patient'
import { createPatient, createUser, seedReferenceFixture } from '#tests/helpers/factories'

const validForm = {
  last_name: 'Rossi',
  first_name: 'Mario',
  sex: 'M',
  birth_date: '1980-01-01',
  birth_place_code: 'H501',
  fiscal_code: 'rssmra80a01h501u',
  residence_address: 'Via Appia 1',
  residence_comune_code: 'H501',
  residence_cap: '00100',
  asl_code: '120201',
  status: 'active',
  phone: '06 1234567',
  email: 'mario.rossi@example.it',
}

async function fieldError(client: any, user: any, form: Record<string, string>, field: string) {
  const response = await client.post('/pazienti').form(form).withCsrfToken().loginAs(user).redirects(0)
  response.assertStatus(302)
  const page = await client.get('/pazienti/nuovo').loginAs(user).withFlashMessages(response.flashMessages())
  const $ = cheerio.load(page.text())
  return { $, error: $(`#f-${field}-error`).text().trim(), value: (name: string) => $(`#f-${name}`).val() }
}

test.group('patient registry: create and edit', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => seedReferenceFixture())

  test('a secretary registers a patient; the write is audited', async ({ client, assert }) => {
    const secretary = await createUser({ role: 'collaboratore' })
    const response = await client.post('/pazienti').form(validForm).withCsrfToken().loginAs(secretary).redirects(0)
    response.assertStatus(302)
    const patient = await Patient.findByOrFail('fiscal_code', 'RSSMRA80A01H501U')
    assert.equal(patient.birthPlaceName, 'Roma (RM)')
    assert.equal(patient.lastNameSearch, 'ROSSI')
    assert.equal(patient.birthYear, 1980)
    const auditRow = await db.from('audit_logs').where('entity', 'patient').where('action', 'create').where('patient_id', patient.id).first()
    assert.equal(auditRow.user_id, secretary.id)
  })

  test('an invalid check character is explained next to the field and the typed values are kept', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const { error, value } = await fieldError(client, user, { ...validForm, fiscal_code: 'RSSMRA80A01H501X' }, 'fiscal_code')
    assert.include(error, 'carattere di controllo')
    assert.equal(value('last_name'), 'Rossi')
    assert.equal(value('residence_address'), 'Via Appia 1')
    assert.equal(await Patient.query().count('* as n').then((r) => Number(r[0].$extras.n)), 0)
  })

  test('a code that does not match the data says which parts disagree', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const { error } = await fieldError(client, user, { ...validForm, first_name: 'Luca', sex: 'F' }, 'fiscal_code')
    assert.include(error, 'nome')
    assert.include(error, 'sesso')
  })

  test('a future birth date, a birth before 1900 and missing required fields are refused', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const future = DateTime.now().plus({ days: 3 }).toISODate()!
    assert.include((await fieldError(client, user, { ...validForm, birth_date: future }, 'birth_date')).error, 'futuro')
    assert.include((await fieldError(client, user, { ...validForm, birth_date: '1890-01-01' }, 'birth_date')).error, '1900')
    const missing = await fieldError(client, user, { ...validForm, last_name: '', sex: '' }, 'last_name')
    assert.include(missing.error, 'obbligatorio')
    assert.isNotEmpty(missing.$('#f-sex-error').text())
  })

  test('a duplicate codice fiscale is refused with a link to the existing patient', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const existing = await createPatient({ fiscalCode: 'RSSMRA80A01H501U' })
    const { $, error } = await fieldError(client, user, validForm, 'fiscal_code')
    assert.include(error, 'Esiste già')
    assert.equal($('[data-testid="duplicate-link"]').attr('href'), `/pazienti/${existing.id}/anagrafica`)
  })

  test('revoked or deceased needs its date; an unknown comune is refused', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    assert.include((await fieldError(client, user, { ...validForm, status: 'deceased' }, 'status_date')).error, 'data')
    assert.include((await fieldError(client, user, { ...validForm, residence_comune_code: 'Z999' }, 'residence_comune_code')).error, 'Comune')
    assert.isNotEmpty((await fieldError(client, user, { ...validForm, email: 'non-una-mail' }, 'email')).error)
  })

  test('HTML typed in a text field is stored as text and shown escaped', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const evil = `<script>alert(1)</script>'; DROP TABLE patients; --`
    await client.post('/pazienti').form({ ...validForm, notes: evil }).withCsrfToken().loginAs(user).redirects(0)
    const patient = await Patient.findByOrFail('fiscal_code', 'RSSMRA80A01H501U')
    assert.equal(patient.notes, evil)
    const page = await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user)
    assert.notInclude(page.text(), '<script>alert(1)</script>')
    assert.include(page.text(), '&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('editing the registry updates and audits the changed fields; reading it is audited', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare' })
    const patient = await createPatient({ fiscalCode: 'RSSMRA80A01H501U', birthPlaceCode: 'H501' })
    const page = await client.get(`/pazienti/${patient.id}/anagrafica`).loginAs(user)
    page.assertStatus(200)
    const response = await client
      .put(`/pazienti/${patient.id}`)
      .form({ ...validForm, mobile: '3331234567' })
      .withCsrfToken()
      .loginAs(user)
      .redirects(0)
    response.assertStatus(302)
    await patient.refresh()
    assert.equal(patient.mobile, '3331234567')
    const rows = await db.from('audit_logs').where('patient_id', patient.id).orderBy('id')
    assert.deepEqual(rows.map((r: any) => r.action), ['read', 'update'])
    assert.include(JSON.parse(rows[1].details).fields, 'mobile')
  })

  test('parents and reference persons are added and removed', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const patient = await createPatient()
    await client.post(`/pazienti/${patient.id}/contatti`).form({ kind: 'parent', name: 'Anna Rossi', relation: 'madre', phone: '3331112222' }).withCsrfToken().loginAs(user).redirects(0)
    await patient.load('contacts')
    assert.lengthOf(patient.contacts, 1)
    await client.delete(`/pazienti/${patient.id}/contatti/${patient.contacts[0].id}`).withCsrfToken().loginAs(user).redirects(0)
    await patient.load('contacts')
    assert.lengthOf(patient.contacts, 0)
  })
})

test.group('patient registry: search', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function seedPatients() {
    await createPatient({ lastName: 'Rossi', firstName: 'Mario', fiscalCode: 'RSSMRA80A01H501U', birthDate: DateTime.fromISO('1980-01-01') })
    await createPatient({ lastName: 'Bianchi', firstName: 'Laura', sex: 'F', fiscalCode: 'BNCLRA85M41F205C', birthDate: DateTime.fromISO('1985-08-01') })
    await createPatient({ lastName: "D'Angelo", firstName: 'Luca', fiscalCode: 'DNGLCU63S12F839Z', birthDate: DateTime.fromISO('1963-11-12'), status: 'deceased', statusDate: DateTime.fromISO('2020-01-01') })
  }

  const names = (html: string) => cheerio.load(html)('[data-testid="patient-results"] tbody td:first-child').map((_, el) => cheerio.load(el).text().trim()).get()

  test('by surname prefix, surname and name, initials, CF and birth year', async ({ client, assert }) => {
    await seedPatients()
    const user = await createUser({ role: 'collaboratore' })
    const search = async (q: string, scope = 'active') =>
      names((await client.get('/pazienti').qs({ q, scope }).header('HX-Request', 'true').loginAs(user)).text())
    assert.deepEqual(await search('ros'), ['Rossi Mario'])
    assert.deepEqual(await search('bianchi la'), ['Bianchi Laura'])
    assert.deepEqual(await search('B.L.'), ['Bianchi Laura'])
    assert.deepEqual(await search('RSSMRA80A01H501U'), ['Rossi Mario'])
    assert.deepEqual(await search('BNCLRA85'), ['Bianchi Laura'])
    assert.deepEqual(await search('1985'), ['Bianchi Laura'])
    assert.deepEqual(await search("d'ang"), [])
    assert.deepEqual(await search("d'ang", 'all'), ["D'Angelo Luca"])
  })

  test('htmx gets the results fragment, a normal request the whole page; searches are audited', async ({ client, assert }) => {
    await seedPatients()
    const user = await createUser({ role: 'titolare' })
    const fragment = await client.get('/pazienti').qs({ q: 'ros' }).header('HX-Request', 'true').loginAs(user)
    assert.notInclude(fragment.text(), '<html')
    const page = await client.get('/pazienti').qs({ q: 'ros' }).loginAs(user)
    assert.include(page.text(), '<html')
    assert.deepEqual(names(page.text()), ['Rossi Mario'])
    const rows = await db.from('audit_logs').where('entity', 'patient_search')
    assert.lengthOf(rows, 2)
    assert.equal(JSON.parse(rows[0].details).q, 'ros')
  })

  test('the administrator cannot reach the registry; a signed-out visitor goes to login', async ({ client }) => {
    const admin = await createUser({ role: 'admin' })
    ;(await client.get('/pazienti').loginAs(admin)).assertStatus(403)
    const anonymous = await client.get('/pazienti').redirects(0)
    anonymous.assertStatus(302)
    anonymous.assertHeader('location', '/login')
  })
})

test.group('reference pickers', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('comuni by name prefix give codici catastali; ICD9 by code or words', async ({ client, assert }) => {
    await seedReferenceFixture()
    await db.table('icd9cm_diagnoses').multiInsert([
      { code: '401.9', code_nodot: '4019', description: 'IPERTENSIONE ESSENZIALE NON SPECIFICATA', level: 4, parent_code: '401', is_leaf: true, search_text: '401.9 IPERTENSIONE ESSENZIALE NON SPECIFICATA' },
      { code: '250.00', code_nodot: '25000', description: 'DIABETE MELLITO TIPO II', level: 5, parent_code: '250.0', is_leaf: true, search_text: '250.00 DIABETE MELLITO TIPO II' },
    ])
    const user = await createUser({ role: 'collaboratore' })
    const comuni = cheerio.load((await client.get('/riferimenti/comuni').qs({ q: 'rom' }).loginAs(user)).text())
    assert.equal(comuni('option').first().attr('value'), 'H501')
    const byCode = cheerio.load((await client.get('/riferimenti/icd9').qs({ q: '401' }).loginAs(user)).text())
    assert.equal(byCode('option').attr('data-code'), '401.9')
    const byWords = cheerio.load((await client.get('/riferimenti/icd9').qs({ q: 'diabete tipo' }).loginAs(user)).text())
    assert.equal(byWords('option').attr('data-description'), 'DIABETE MELLITO TIPO II')
  })
})
