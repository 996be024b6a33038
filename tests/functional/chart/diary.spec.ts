import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import DiaryEntry from '#models/diary_entry'
import Problem from '#models/problem'
import { createPatient } from '#tests/helpers/factories'
import { doctorAndPatient, getFragment, html, inDays, post, rowIds, today } from '#tests/functional/chart/helpers'

test.group('chart: diary', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a diary note linked to a problem is added, edited and removed; the newest comes first', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Lombalgia', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    await DiaryEntry.create({ patientId: patient.id, entryDate: DateTime.fromISO('2024-01-01'), text: 'Prima visita' })
    const response = await post(client, `/pazienti/${patient.id}/diario`, { entry_date: today(), text: 'Controllo: migliorato.', problem_id: String(problem.id) }, doctor)
    response.assertStatus(200)
    const note = await DiaryEntry.query().where('patient_id', patient.id).where('text', 'Controllo: migliorato.').firstOrFail()
    assert.equal(note.problemId, problem.id)
    assert.equal(rowIds(response)[0], note.id)
    assert.include(html(response)(`tr[data-entry-id="${note.id}"]`).text(), 'Lombalgia')
    const form = html(await getFragment(client, `/pazienti/${patient.id}/diario?modifica=${note.id}`, doctor))
    assert.equal(form('#f-text').text(), 'Controllo: migliorato.')
    ;(await post(client, `/pazienti/${patient.id}/diario/${note.id}`, { _method: 'PUT', entry_date: today(), text: 'Controllo: guarito.' }, doctor)).assertStatus(200)
    await note.refresh()
    assert.equal(note.text, 'Controllo: guarito.')
    assert.isNull(note.problemId)
    const removed = await post(client, `/pazienti/${patient.id}/diario/${note.id}`, { _method: 'DELETE' }, doctor)
    assert.notInclude(rowIds(removed), note.id)
  })

  test('an empty text, a future date and a date before birth are refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const empty = await post(client, `/pazienti/${patient.id}/diario`, { entry_date: today(), text: '' }, doctor)
    empty.assertStatus(422)
    assert.include(html(empty)('#f-text-error').text(), 'Testo')
    const future = await post(client, `/pazienti/${patient.id}/diario`, { entry_date: inDays(1), text: 'visita' }, doctor)
    future.assertStatus(422)
    assert.include(html(future)('#f-entry_date-error').text(), 'futuro')
    const early = await post(client, `/pazienti/${patient.id}/diario`, { entry_date: '1975-01-01', text: 'visita' }, doctor)
    assert.include(html(early)('#f-entry_date-error').text(), 'nascita')
  })

  test("a problem of another patient cannot be linked", async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const other = await createPatient()
    const foreign = await Problem.create({ patientId: other.id, description: 'Altro', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    const response = await post(client, `/pazienti/${patient.id}/diario`, { entry_date: today(), text: 'nota', problem_id: String(foreign.id) }, doctor)
    response.assertStatus(422)
    assert.include(html(response)('#f-problem_id-error').text(), 'questo paziente')
  })

  test('dates typed as dd/mm/yyyy are understood', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    ;(await post(client, `/pazienti/${patient.id}/diario`, { entry_date: '15/03/2024', text: 'nota' }, doctor)).assertStatus(200)
    assert.equal((await DiaryEntry.findByOrFail('patient_id', patient.id)).entryDate.toISODate(), '2024-03-15')
  })
})
