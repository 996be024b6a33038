import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Exam from '#models/exam'
import Problem from '#models/problem'
import { doctorAndPatient, getFragment, html, inDays, post, rowIds } from '#tests/functional/chart/helpers'

test.group('chart: exams (accertamenti)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an exam with its result and problem is added, edited and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Anemia', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const added = await post(client, `/pazienti/${patient.id}/accertamenti`, { name: 'Emocromo', requested_on: '2024-03-01', result_on: '2024-03-05', result: 'Hb 11,2 g/dl', problem_id: String(problem.id) }, doctor)
    added.assertStatus(200)
    const exam = await Exam.findByOrFail('patient_id', patient.id)
    assert.equal(exam.result, 'Hb 11,2 g/dl')
    assert.equal(exam.problemId, problem.id)
    assert.include(html(added)('tbody').text(), 'Anemia')
    const form = html(await getFragment(client, `/pazienti/${patient.id}/accertamenti?modifica=${exam.id}`, doctor))
    assert.equal(form('#f-problem_id').val(), String(problem.id))
    ;(await post(client, `/pazienti/${patient.id}/accertamenti/${exam.id}`, { _method: 'PUT', name: 'Emocromo completo', requested_on: '2024-03-01' }, doctor)).assertStatus(200)
    await exam.refresh()
    assert.equal(exam.name, 'Emocromo completo')
    assert.isNull(exam.result)
    assert.deepEqual(rowIds(await post(client, `/pazienti/${patient.id}/accertamenti/${exam.id}`, { _method: 'DELETE' }, doctor)), [])
  })

  test('a result before the request and a request in the future are refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/accertamenti`, { name: 'Ecografia', requested_on: '2024-03-10', result_on: '2024-03-01' }, doctor)
    response.assertStatus(422)
    assert.include(html(response)('#f-result_on-error').text(), 'richiesta')
    const future = await post(client, `/pazienti/${patient.id}/accertamenti`, { name: 'Ecografia', requested_on: inDays(2) }, doctor)
    assert.include(html(future)('#f-requested_on-error').text(), 'futuro')
    const missing = await post(client, `/pazienti/${patient.id}/accertamenti`, { requested_on: '2024-03-10' }, doctor)
    assert.include(html(missing)('#f-name-error').text(), 'Accertamento')
  })

  test('without JavaScript a refused exam redirects back with the errors', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/accertamenti`, { name: '', requested_on: '2024-03-10' }, doctor, 'plain')
    response.assertStatus(302)
    assert.property(response.flashMessages().inputErrorsBag, 'name')
  })
})
