import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import DiaryEntry from '#models/diary_entry'
import { createPatient, createUser } from '#tests/helpers/factories'
import { post, today } from '#tests/functional/chart/helpers'

const TABS = ['', '/problemi', '/terapie', '/accertamenti', '/misurazioni', '/vaccinazioni', '/esenzioni', '/diario', '/allegati']

test.group('clinical record: who may open it', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the titolare opens the chart and every tab of his own patients', async ({ client }) => {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id })
    for (const tab of TABS) (await client.get(`/pazienti/${patient.id}${tab}`).loginAs(doctor)).assertStatus(200)
  })

  test("a titolare opens the patients of a titolare who named him associate, not the others'", async ({ client }) => {
    const rossi = await createUser({ role: 'titolare' })
    const associate = await createUser({ role: 'titolare' })
    const stranger = await createUser({ role: 'titolare' })
    await rossi.related('associates').attach([associate.id])
    const patient = await createPatient({ doctorId: rossi.id })
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(associate)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}/diario`).loginAs(associate)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(stranger)).assertStatus(403)
    ;(await client.get(`/pazienti/${patient.id}/diario`).loginAs(stranger)).assertStatus(403)
  })

  test('being associate works one way only: the titolare does not reach his associate’s patients', async ({ client }) => {
    const rossi = await createUser({ role: 'titolare' })
    const associate = await createUser({ role: 'titolare' })
    await rossi.related('associates').attach([associate.id])
    const patientOfAssociate = await createPatient({ doctorId: associate.id })
    ;(await client.get(`/pazienti/${patientOfAssociate.id}`).loginAs(rossi)).assertStatus(403)
  })

  test('a sostituto opens every chart', async ({ client }) => {
    const sostituto = await createUser({ role: 'sostituto' })
    const owner = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: owner.id })
    for (const tab of TABS) (await client.get(`/pazienti/${patient.id}${tab}`).loginAs(sostituto)).assertStatus(200)
  })

  test('a collaboratore without unrestricted rights gets the studio 403 page on every tab', async ({ client, assert }) => {
    const owner = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: owner.id })
    const secretary = await createUser({ role: 'collaboratore' })
    for (const tab of TABS) {
      const response = await client.get(`/pazienti/${patient.id}${tab}`).loginAs(secretary)
      response.assertStatus(403)
      assert.include(response.text(), 'Accesso non consentito', tab)
    }
  })

  test('a collaboratore with unrestricted rights opens the chart', async ({ client }) => {
    const owner = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: owner.id })
    const trusted = await createUser({ role: 'collaboratore', unrestrictedRights: true })
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(trusted)).assertStatus(200)
    ;(await client.get(`/pazienti/${patient.id}/terapie`).loginAs(trusted)).assertStatus(200)
  })

  test('the administrator never reads clinical records', async ({ client }) => {
    const patient = await createPatient()
    const admin = await createUser({ role: 'admin' })
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(admin)).assertStatus(403)
    ;(await client.get(`/pazienti/${patient.id}/problemi`).loginAs(admin)).assertStatus(403)
  })

  test('without a session the chart asks to log in', async ({ client }) => {
    const patient = await createPatient()
    const response = await client.get(`/pazienti/${patient.id}`).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', '/login')
  })

  test('an unknown patient or section is a 404', async ({ client }) => {
    const sostituto = await createUser({ role: 'sostituto' })
    const patient = await createPatient()
    ;(await client.get('/pazienti/999999').loginAs(sostituto)).assertStatus(404)
    ;(await client.get(`/pazienti/${patient.id}/ricette-segrete`).loginAs(sostituto)).assertStatus(404)
  })
})

test.group('clinical record: who may change it', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('writes are refused (403) to those who cannot open the record, and nothing is stored', async ({ client, assert }) => {
    const owner = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: owner.id })
    const problem = await Problem.create({ patientId: patient.id, description: 'Asma', status: 'active', onsetDate: DateTime.fromISO('2020-01-01') })
    const refused = [
      await createUser({ role: 'collaboratore' }),
      await createUser({ role: 'admin' }),
      await createUser({ role: 'titolare' }),
    ]
    for (const user of refused) {
      ;(await post(client, `/pazienti/${patient.id}/diario`, { entry_date: today(), text: 'nota' }, user)).assertStatus(403)
      ;(await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'DELETE' }, user)).assertStatus(403)
      ;(await post(client, `/pazienti/${patient.id}/problemi/${problem.id}/risolvi`, { resolved_date: today() }, user)).assertStatus(403)
    }
    assert.lengthOf(await DiaryEntry.query().where('patient_id', patient.id), 0)
    await problem.refresh()
    assert.equal(problem.status, 'active')
  })

  test('an associate, a sostituto and a trusted collaboratore may write', async ({ client }) => {
    const owner = await createUser({ role: 'titolare' })
    const associate = await createUser({ role: 'titolare' })
    await owner.related('associates').attach([associate.id])
    const patient = await createPatient({ doctorId: owner.id })
    for (const user of [associate, await createUser({ role: 'sostituto' }), await createUser({ role: 'collaboratore', unrestrictedRights: true })]) {
      ;(await post(client, `/pazienti/${patient.id}/diario`, { entry_date: today(), text: `nota di ${user.username}` }, user)).assertStatus(200)
    }
  })
})

test.group('clinical record: entries belong to the patient of the URL', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("another patient's entry id is a 404 for edit form, update, delete, resolve and stop", async ({ client, assert }) => {
    const sostituto = await createUser({ role: 'sostituto' })
    const mine = await createPatient()
    const other = await createPatient({ lastName: 'Bianchi', firstName: 'Laura', sex: 'F' })
    const problem = await Problem.create({ patientId: other.id, description: 'Asma', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const therapy = await Therapy.create({ patientId: other.id, drugName: 'Salbutamolo', isContinuative: false, startDate: DateTime.fromISO('2019-01-01') })
    ;(await client.get(`/pazienti/${mine.id}/problemi?modifica=${problem.id}`).loginAs(sostituto)).assertStatus(404)
    ;(await post(client, `/pazienti/${mine.id}/problemi/${problem.id}`, { _method: 'PUT', description: 'Cambiato', onset_date: '2019-01-01' }, sostituto)).assertStatus(404)
    ;(await post(client, `/pazienti/${mine.id}/problemi/${problem.id}`, { _method: 'DELETE' }, sostituto)).assertStatus(404)
    ;(await client.delete(`/pazienti/${mine.id}/problemi/${problem.id}`).withCsrfToken().loginAs(sostituto)).assertStatus(404)
    ;(await post(client, `/pazienti/${mine.id}/problemi/${problem.id}/risolvi`, { resolved_date: today() }, sostituto)).assertStatus(404)
    ;(await post(client, `/pazienti/${mine.id}/terapie/${therapy.id}/sospendi`, { end_date: today() }, sostituto)).assertStatus(404)
    await problem.refresh()
    await therapy.refresh()
    assert.equal(problem.description, 'Asma')
    assert.equal(problem.status, 'active')
    assert.isNull(therapy.endDate)
  })

  test('an entry id of another section is a 404 too', async ({ client }) => {
    const sostituto = await createUser({ role: 'sostituto' })
    const patient = await createPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Asma', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const onlyProblem = await post(client, `/pazienti/${patient.id}/diario/${problem.id}`, { _method: 'DELETE' }, sostituto)
    onlyProblem.assertStatus(404)
  })
})
