import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import * as cheerio from 'cheerio'
import Problem from '#models/problem'
import Measurement from '#models/measurement'
import User from '#models/user'
import { createPatient, createUser } from '#tests/helpers/factories'

const today = () => DateTime.now().toISODate()!
const htmx = (request: any) => request.header('HX-Request', 'true')

test.group('clinical record: access', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the titolare, his associates and sostituti open the chart; others are refused', async ({ client }) => {
    const rossi = await createUser({ role: 'titolare' })
    const bianchi = await createUser({ role: 'titolare' })
    const associate = await createUser({ role: 'titolare' })
    const sostituto = await createUser({ role: 'sostituto' })
    await rossi.related('associates').attach([associate.id])
    const patient = await createPatient({ doctorId: rossi.id })
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(rossi)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(associate)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(sostituto)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(bianchi)).assertStatus(403)
  })

  test('a collaboratore needs unrestricted rights; the administrator never reads records', async ({ client, assert }) => {
    const patient = await createPatient()
    const secretary = await createUser({ role: 'collaboratore' })
    const trusted = await createUser({ role: 'collaboratore', unrestrictedRights: true })
    const admin = await createUser({ role: 'admin' })
    const refused = await client.get(`/pazienti/${patient.id}/problemi`).loginAs(secretary)
    refused.assertStatus(403)
    assert.include(refused.text(), 'Accesso non consentito')
    ;(await client.get(`/pazienti/${patient.id}/problemi`).loginAs(trusted)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(admin)).assertStatus(403)
  })

  test('opening the chart and a section is audited', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id })
    await client.get(`/pazienti/${patient.id}`).loginAs(doctor)
    await client.get(`/pazienti/${patient.id}/terapie`).loginAs(doctor)
    const rows = await db.from('audit_logs').where('patient_id', patient.id).orderBy('id')
    assert.deepEqual(rows.map((r: any) => [r.action, r.entity]), [['read', 'chart'], ['read', 'therapy']])
  })

  test("an entry of another patient is not found through this patient's URL", async ({ client }) => {
    const doctor = await createUser({ role: 'sostituto' })
    const mine = await createPatient()
    const other = await createPatient({ fiscalCode: 'BNCLRA85M41F205C', lastName: 'Bianchi', firstName: 'Laura', sex: 'F' })
    const problem = await Problem.create({ patientId: other.id, description: 'Asma', status: 'active', onsetDate: DateTime.now() })
    const response = await client.delete(`/pazienti/${mine.id}/problemi/${problem.id}`).withCsrfToken().loginAs(doctor)
    response.assertStatus(404)
  })
})

test.group('clinical record: sections', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function doctorAndPatient() {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id, birthDate: DateTime.fromISO('1980-01-01') })
    return { doctor, patient }
  }

  test('a problem with its ICD9-CM code is added with htmx; the fragment comes back and the write is audited', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await htmx(client.post(`/pazienti/${patient.id}/problemi`))
      .form({ icd9_code: '401.9', description: 'Ipertensione essenziale', onset_date: '2020-05-01' })
      .withCsrfToken()
      .loginAs(doctor)
    response.assertStatus(200)
    const $ = cheerio.load(response.text())
    assert.include($('[data-testid="section-problemi"] tbody').text(), 'Ipertensione essenziale')
    assert.notInclude(response.text(), '<html')
    const problem = await Problem.findByOrFail('patient_id', patient.id)
    assert.equal(problem.icd9Code, '401.9')
    assert.equal(problem.createdBy, doctor.id)
    assert.isNotNull(await db.from('audit_logs').where({ action: 'create', entity: 'problem', entity_id: String(problem.id) }).first())
  })

  test('bad input comes back as a 422 fragment with the error next to the field and the typed values', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const future = DateTime.now().plus({ days: 5 }).toISODate()!
    const response = await htmx(client.post(`/pazienti/${patient.id}/problemi`))
      .form({ icd9_code: 'XX', description: 'Lombalgia da sforzo', onset_date: future })
      .withCsrfToken()
      .loginAs(doctor)
    response.assertStatus(422)
    const $ = cheerio.load(response.text())
    assert.isNotEmpty($('#f-icd9_code-error').text())
    assert.equal($('#f-description').val(), 'Lombalgia da sforzo')
    assert.equal(await Problem.query().where('patient_id', patient.id).count('* as n').then((r) => Number(r[0].$extras.n)), 0)
    const dateError = await htmx(client.post(`/pazienti/${patient.id}/problemi`))
      .form({ description: 'Lombalgia', onset_date: future })
      .withCsrfToken()
      .loginAs(doctor)
    assert.include(cheerio.load(dateError.text())('#f-onset_date-error').text(), 'futuro')
    const beforeBirth = await htmx(client.post(`/pazienti/${patient.id}/diario`))
      .form({ entry_date: '1970-01-01', text: 'visita' })
      .withCsrfToken()
      .loginAs(doctor)
    assert.include(cheerio.load(beforeBirth.text())('#f-entry_date-error').text(), 'nascita')
  })

  test('without JavaScript a refused form redirects back with the errors; a good one redirects to the section', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const bad = await client.post(`/pazienti/${patient.id}/vaccinazioni`).form({ vaccine: '', administered_on: today() }).withCsrfToken().loginAs(doctor).redirects(0)
    bad.assertStatus(302)
    assert.property(bad.flashMessages().inputErrorsBag, 'vaccine')
    const good = await client.post(`/pazienti/${patient.id}/vaccinazioni`).form({ vaccine: 'Antinfluenzale', dose: '1', administered_on: today(), lot: 'AB12' }).withCsrfToken().loginAs(doctor).redirects(0)
    good.assertStatus(302)
    good.assertHeader('location', `/pazienti/${patient.id}/vaccinazioni`)
  })

  test('therapies link to a problem of the same patient only; continuative ones show in the summary', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Ipertensione', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const other = await createPatient({ fiscalCode: 'BNCLRA85M41F205C' })
    const foreign = await Problem.create({ patientId: other.id, description: 'Altro', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const refused = await htmx(client.post(`/pazienti/${patient.id}/terapie`))
      .form({ drug_name: 'Ramipril 5 mg', start_date: '2021-01-01', problem_id: String(foreign.id) })
      .withCsrfToken()
      .loginAs(doctor)
    refused.assertStatus(422)
    const invalidAic = await htmx(client.post(`/pazienti/${patient.id}/terapie`)).form({ drug_name: 'Ramipril', aic: '12AB', start_date: '2021-01-01' }).withCsrfToken().loginAs(doctor)
    invalidAic.assertStatus(422)
    await htmx(client.post(`/pazienti/${patient.id}/terapie`))
      .form({ drug_name: 'Ramipril 5 mg', aic: '026969037', posology: '1 cp al mattino', start_date: '2021-01-01', problem_id: String(problem.id), is_continuative: '1' })
      .withCsrfToken()
      .loginAs(doctor)
    const summary = await client.get(`/pazienti/${patient.id}`).loginAs(doctor)
    assert.include(summary.text(), 'Ramipril 5 mg')
    assert.include(summary.text(), 'Ipertensione')
  })

  test('measurements: implausible values refused, pressure needs both values, the chart is drawn', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const post = (form: Record<string, string>) =>
      htmx(client.post(`/pazienti/${patient.id}/misurazioni`)).form(form).withCsrfToken().loginAs(doctor)
    const hot = await post({ kind: 'temperatura', value: '375', measured_at: today() })
    hot.assertStatus(422)
    assert.include(cheerio.load(hot.text())('#f-value-error').text(), 'non plausibile')
    const half = await post({ kind: 'pressione', value: '130', measured_at: today() })
    half.assertStatus(422)
    ;(await post({ kind: 'pressione', value: '140', value2: '90', measured_at: '2024-01-10' })).assertStatus(200)
    const last = await post({ kind: 'pressione', value: '130', value2: '85', measured_at: today() })
    last.assertStatus(200)
    const $ = cheerio.load(last.text())
    assert.lengthOf($('[data-testid="chart-pressione"] polyline'), 2)
    assert.lengthOf($('[data-testid="chart-pressione"] circle'), 2)
    const stored = await Measurement.query().where('patient_id', patient.id)
    assert.lengthOf(stored, 2)
    assert.equal(stored[0].unit, 'mmHg')
  })

  test('exams, exemptions and diary entries are recorded and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    for (const [section, form] of [
      ['accertamenti', { name: 'Emocromo', requested_on: '2024-03-01', result_on: '2024-03-05', result: 'nella norma' }],
      ['esenzioni', { code: '031', description: 'Ipertensione arteriosa', valid_from: '2020-01-01' }],
      ['diario', { entry_date: today(), text: 'Controllo pressorio, paziente in buon compenso.' }],
    ] as const) {
      const response = await htmx(client.post(`/pazienti/${patient.id}/${section}`)).form(form).withCsrfToken().loginAs(doctor)
      response.assertStatus(200)
      const id = cheerio.load(response.text())('tr[data-entry-id]').attr('data-entry-id')
      assert.isDefined(id, section)
      const removed = await htmx(client.delete(`/pazienti/${patient.id}/${section}/${id}`)).withCsrfToken().loginAs(doctor)
      removed.assertStatus(200)
      assert.lengthOf(cheerio.load(removed.text())('tr[data-entry-id]'), 0)
    }
    const deletes = await db.from('audit_logs').where('patient_id', patient.id).where('action', 'delete')
    assert.lengthOf(deletes, 3)
  })

  test('a problem is resolved by updating it', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const response = await htmx(client.put(`/pazienti/${patient.id}/problemi/${problem.id}`))
      .form({ description: 'Bronchite', onset_date: '2024-01-01', resolved_date: '2024-01-20' })
      .withCsrfToken()
      .loginAs(doctor)
    response.assertStatus(200)
    await problem.refresh()
    assert.equal(problem.status, 'inactive')
    assert.equal(problem.resolvedDate?.toISODate(), '2024-01-20')
  })

  test('an unknown section is a 404', async ({ client }) => {
    const { doctor, patient } = await doctorAndPatient()
    ;(await client.get(`/pazienti/${patient.id}/ricette-segrete`).loginAs(doctor)).assertStatus(404)
    void User
  })
})
