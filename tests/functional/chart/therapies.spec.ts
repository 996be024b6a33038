import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import { createPatient } from '#tests/helpers/factories'
import { doctorAndPatient, getFragment, html, post, rowIds, today } from '#tests/functional/chart/helpers'

test.group('chart: therapies', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a continuative therapy linked to a problem is added and shows in the summary', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Ipertensione', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const response = await post(client, `/pazienti/${patient.id}/terapie`, {
      drug_name: 'Ramipril 5 mg',
      aic: '026969037',
      active_ingredient: 'Ramipril',
      posology: '1 cp al mattino',
      problem_id: String(problem.id),
      is_continuative: '1',
      start_date: '2021-01-01',
    }, doctor)
    response.assertStatus(200)
    assert.include(html(response)('tbody').text(), 'Ipertensione')
    const therapy = await Therapy.findByOrFail('patient_id', patient.id)
    assert.isTrue(therapy.isContinuative)
    assert.equal(therapy.problemId, problem.id)
    assert.equal(therapy.aic, '026969037')
    const summary = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))
    assert.include(summary('[data-testid="continuative-therapies"]').text(), 'Ramipril 5 mg')
  })

  test("a problem of another patient, a bad AIC and an end before the start are refused", async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const other = await createPatient()
    const foreign = await Problem.create({ patientId: other.id, description: 'Altro', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const response = await post(client, `/pazienti/${patient.id}/terapie`, { drug_name: 'Ramipril', aic: '12AB', start_date: '2021-01-10', end_date: '2021-01-01', problem_id: String(foreign.id) }, doctor)
    response.assertStatus(422)
    const $ = html(response)
    assert.include($('#f-aic-error').text(), '9 cifre')
    assert.equal($('#f-aic').val(), '12AB')
    const again = await post(client, `/pazienti/${patient.id}/terapie`, { drug_name: 'Ramipril', start_date: '2021-01-10', end_date: '2021-01-01', problem_id: String(foreign.id) }, doctor)
    assert.include(html(again)('#f-problem_id-error').text(), 'questo paziente')
    assert.include(html(again)('#f-end_date-error').text(), 'inizio')
    assert.lengthOf(await Therapy.query().where('patient_id', patient.id), 0)
  })

  test('a planned therapy may start in the future', async ({ client }) => {
    const { doctor, patient } = await doctorAndPatient()
    ;(await post(client, `/pazienti/${patient.id}/terapie`, { drug_name: 'Vaccino antinfluenzale', start_date: DateTime.now().plus({ days: 10 }).toISODate()! }, doctor)).assertStatus(200)
  })

  test('a therapy is stopped at a date: it leaves the continuative list of the summary', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const therapy = await Therapy.create({ patientId: patient.id, drugName: 'Metformina 500', isContinuative: true, startDate: DateTime.fromISO('2020-01-01') })
    const early = await post(client, `/pazienti/${patient.id}/terapie/${therapy.id}/sospendi`, { end_date: '2019-01-01' }, doctor)
    early.assertStatus(422)
    assert.include(html(early)(`tr[data-entry-id="${therapy.id}"] .field-error`).text(), 'inizio')
    const stopped = await post(client, `/pazienti/${patient.id}/terapie/${therapy.id}/sospendi`, { end_date: today() }, doctor)
    stopped.assertStatus(200)
    assert.include(html(stopped)(`tr[data-entry-id="${therapy.id}"]`).text(), 'sospesa il')
    await therapy.refresh()
    assert.equal(therapy.endDate?.toISODate(), DateTime.now().minus({ days: 0 }).toISODate())
    const summary = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))
    assert.notInclude(summary('[data-testid="continuative-therapies"]').text(), 'Metformina')
  })

  test('without JavaScript a stop redirects to the tab with a message', async ({ client }) => {
    const { doctor, patient } = await doctorAndPatient()
    const therapy = await Therapy.create({ patientId: patient.id, drugName: 'Metformina 500', isContinuative: true, startDate: DateTime.fromISO('2020-01-01') })
    const response = await post(client, `/pazienti/${patient.id}/terapie/${therapy.id}/sospendi`, { end_date: today() }, doctor, 'plain')
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Terapia sospesa.')
  })

  test('a therapy is edited (the continuative flag can be cleared) and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const therapy = await Therapy.create({ patientId: patient.id, drugName: 'Ramipril', isContinuative: true, startDate: DateTime.fromISO('2020-01-01') })
    const form = html(await getFragment(client, `/pazienti/${patient.id}/terapie?modifica=${therapy.id}`, doctor))
    assert.isDefined(form('#f-is_continuative').attr('checked'))
    ;(await post(client, `/pazienti/${patient.id}/terapie/${therapy.id}`, { _method: 'PUT', drug_name: 'Ramipril 10 mg', posology: '1 cp', start_date: '2020-01-01' }, doctor)).assertStatus(200)
    await therapy.refresh()
    assert.equal(therapy.drugName, 'Ramipril 10 mg')
    assert.isFalse(therapy.isContinuative)
    const removed = await post(client, `/pazienti/${patient.id}/terapie/${therapy.id}`, { _method: 'DELETE' }, doctor)
    assert.deepEqual(rowIds(removed), [])
  })

  test('without JavaScript a good therapy redirects to the tab (empty optional fields as a browser sends them)', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const form = { drug_name: 'Omeprazolo 20', aic: '', active_ingredient: '', posology: '', problem_id: '', start_date: today(), end_date: '', notes: '' }
    const response = await post(client, `/pazienti/${patient.id}/terapie`, form, doctor, 'plain')
    assert.lengthOf(await Therapy.query().where('patient_id', patient.id).whereNull('aic').whereNull('problem_id'), 1)
    response.assertStatus(302)
    response.assertHeader('location', `/pazienti/${patient.id}/terapie`)
  })
})
