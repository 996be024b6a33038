import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import { doctorAndPatient, getFragment, html, inDays, post, rowIds, today } from '#tests/functional/chart/helpers'

test.group('chart: problems', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a problem with its ICD9-CM code is added with htmx and the list fragment comes back', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/problemi`, { icd9_code: '401.9', description: 'Ipertensione essenziale', onset_date: '2020-05-01' }, doctor)
    response.assertStatus(200)
    assert.notInclude(response.text(), '<html')
    const $ = html(response)
    assert.include($('[data-testid="section-problemi"] tbody').text(), 'Ipertensione essenziale')
    const problem = await Problem.findByOrFail('patient_id', patient.id)
    assert.equal(problem.icd9Code, '401.9')
    assert.equal(problem.status, 'active')
    assert.equal(problem.onsetDate.toISODate(), '2020-05-01')
    assert.equal(problem.createdBy, doctor.id)
  })

  test('with the ICD9-CM catalogue loaded, a code alone takes its description; an unknown code is refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await db.table('icd9cm_diagnoses').insert({ code: '250.00', code_nodot: '25000', description: 'DIABETE MELLITO TIPO II', level: 5, is_leaf: true, search_text: 'DIABETE MELLITO TIPO II' })
    ;(await post(client, `/pazienti/${patient.id}/problemi`, { icd9_code: '250.00', onset_date: '2021-03-01' }, doctor)).assertStatus(200)
    assert.equal((await Problem.findByOrFail('patient_id', patient.id)).description, 'Diabete mellito tipo ii')
    const unknown = await post(client, `/pazienti/${patient.id}/problemi`, { icd9_code: '999.99', onset_date: '2021-03-01' }, doctor)
    unknown.assertStatus(422)
    assert.include(html(unknown)('#f-icd9_code-error').text(), 'catalogo')
  })

  test('a malformed code, a missing description and a future onset come back as a 422 fragment with typed values', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/problemi`, { icd9_code: 'XX', description: 'Lombalgia da sforzo', onset_date: inDays(5) }, doctor)
    response.assertStatus(422)
    const $ = html(response)
    assert.include($('#f-icd9_code-error').text(), 'ICD9-CM non valido')
    assert.equal($('#f-description').val(), 'Lombalgia da sforzo')
    assert.equal($('#f-icd9_code').val(), 'XX')
    const noText = await post(client, `/pazienti/${patient.id}/problemi`, { onset_date: inDays(5) }, doctor)
    assert.include(html(noText)('#f-description-error').text(), 'descrizione')
    assert.include(html(noText)('#f-onset_date-error').text(), 'futuro')
    assert.lengthOf(await Problem.query().where('patient_id', patient.id), 0)
  })

  test('an onset before the birth of the patient is refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/problemi`, { description: 'Otite', onset_date: '1979-12-31' }, doctor)
    response.assertStatus(422)
    assert.include(html(response)('#f-onset_date-error').text(), 'nascita')
  })

  test('without JavaScript: refused → redirect back with the field errors and input; accepted → redirect to the tab', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const bad = await post(client, `/pazienti/${patient.id}/problemi`, { description: 'Gastrite', onset_date: inDays(3) }, doctor, 'plain')
    bad.assertStatus(302)
    assert.include(bad.header('location'), `/pazienti/${patient.id}/problemi`)
    const flash = bad.flashMessages()
    assert.include(flash.inputErrorsBag.onset_date[0], 'futuro')
    assert.equal(flash.description, 'Gastrite')
    const good = await post(client, `/pazienti/${patient.id}/problemi`, { description: 'Gastrite', onset_date: today() }, doctor, 'plain')
    good.assertStatus(302)
    good.assertHeader('location', `/pazienti/${patient.id}/problemi`)
    good.assertFlashMessage('success', 'Voce aggiunta alla cartella.')
  })

  test('the refused plain form is shown again with the error next to the field', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await client
      .get(`/pazienti/${patient.id}/problemi`)
      .withSession({})
      .withFlashMessages({ inputErrorsBag: { onset_date: ['La data non può essere nel futuro.'] }, description: 'Gastrite' })
      .loginAs(doctor)
    const $ = html(response)
    assert.include($('#f-onset_date-error').text(), 'futuro')
    assert.equal($('#f-description').val(), 'Gastrite')
  })

  test('an entry is opened in the form, changed with _method=PUT, and the change is stored', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const form = await getFragment(client, `/pazienti/${patient.id}/problemi?modifica=${problem.id}`, doctor)
    form.assertStatus(200)
    const $ = html(form)
    assert.equal($('form[data-testid="form-problemi"]').attr('action'), `/pazienti/${patient.id}/problemi/${problem.id}`)
    assert.equal($('form[data-testid="form-problemi"] input[name="_method"]').val(), 'PUT')
    assert.equal($('#f-description').val(), 'Bronchite')
    assert.equal($('#f-onset_date').val(), '2024-01-01')
    const saved = await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'PUT', description: 'Bronchite acuta', icd9_code: '466.0', onset_date: '2024-01-02' }, doctor)
    saved.assertStatus(200)
    await problem.refresh()
    assert.equal(problem.description, 'Bronchite acuta')
    assert.equal(problem.icd9Code, '466.0')
    assert.equal(problem.onsetDate.toISODate(), '2024-01-02')
  })

  test('a refused change keeps the form in edit mode with the typed values (422)', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const refused = await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'PUT', description: 'Bronchite cronica', onset_date: '2024-01-01', resolved_date: '2023-12-01' }, doctor)
    refused.assertStatus(422)
    const $ = html(refused)
    assert.include($('#f-resolved_date-error').text(), 'insorgenza')
    assert.equal($('#f-description').val(), 'Bronchite cronica')
    assert.equal($('form[data-testid="form-problemi"] input[name="_method"]').val(), 'PUT')
    await problem.refresh()
    assert.equal(problem.description, 'Bronchite')
  })

  test('without JavaScript a refused change goes back to the edit form of that entry', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const refused = await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'PUT', description: '', onset_date: '2024-01-01' }, doctor, 'plain')
    refused.assertStatus(302)
    assert.include(refused.header('location'), `/pazienti/${patient.id}/problemi?modifica=${problem.id}`)
  })

  test('a problem is resolved at a date from the list; a resolution before onset is refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const early = await post(client, `/pazienti/${patient.id}/problemi/${problem.id}/risolvi`, { resolved_date: '2023-06-01' }, doctor)
    early.assertStatus(422)
    assert.include(html(early)(`tr[data-entry-id="${problem.id}"] .field-error`).text(), 'insorgenza')
    const response = await post(client, `/pazienti/${patient.id}/problemi/${problem.id}/risolvi`, { resolved_date: '2024-01-20' }, doctor)
    response.assertStatus(200)
    await problem.refresh()
    assert.equal(problem.status, 'inactive')
    assert.equal(problem.resolvedDate?.toISODate(), '2024-01-20')
    assert.lengthOf(html(response)(`[data-testid="resolve-${problem.id}"]`), 0)
  })

  test('a problem is removed with _method=DELETE, with htmx and without', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const first = await Problem.create({ patientId: patient.id, description: 'Bronchite', status: 'active', onsetDate: DateTime.fromISO('2024-01-01') })
    const second = await Problem.create({ patientId: patient.id, description: 'Otite', status: 'active', onsetDate: DateTime.fromISO('2024-02-01') })
    const removed = await post(client, `/pazienti/${patient.id}/problemi/${first.id}`, { _method: 'DELETE' }, doctor)
    removed.assertStatus(200)
    assert.deepEqual(rowIds(removed), [second.id])
    const plain = await post(client, `/pazienti/${patient.id}/problemi/${second.id}`, { _method: 'DELETE' }, doctor, 'plain')
    plain.assertStatus(302)
    plain.assertFlashMessage('success', 'Voce eliminata.')
    assert.lengthOf(await Problem.query().where('patient_id', patient.id), 0)
  })

  test('the problems tab lists active problems first', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const old = await Problem.create({ patientId: patient.id, description: 'Varicella', status: 'inactive', onsetDate: DateTime.fromISO('1985-01-01'), resolvedDate: DateTime.fromISO('1985-02-01') })
    const active = await Problem.create({ patientId: patient.id, description: 'Ipertensione', status: 'active', onsetDate: DateTime.fromISO('1990-01-01') })
    assert.deepEqual(rowIds(await getFragment(client, `/pazienti/${patient.id}/problemi`, doctor)), [active.id, old.id])
  })
})
