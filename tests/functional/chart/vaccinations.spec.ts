import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Vaccination from '#models/vaccination'
import { doctorAndPatient, getFragment, html, inDays, post, rowIds, today } from '#tests/functional/chart/helpers'

test.group('chart: vaccinations', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a vaccination with dose and lot is added, edited and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    ;(await post(client, `/pazienti/${patient.id}/vaccinazioni`, { vaccine: 'Antinfluenzale', dose: '1', administered_on: today(), lot: 'AB12' }, doctor)).assertStatus(200)
    const vaccination = await Vaccination.findByOrFail('patient_id', patient.id)
    assert.equal(vaccination.lot, 'AB12')
    const form = html(await getFragment(client, `/pazienti/${patient.id}/vaccinazioni?modifica=${vaccination.id}`, doctor))
    assert.equal(form('#f-lot').val(), 'AB12')
    ;(await post(client, `/pazienti/${patient.id}/vaccinazioni/${vaccination.id}`, { _method: 'PUT', vaccine: 'Antinfluenzale', dose: '2', administered_on: today(), lot: 'CD34' }, doctor)).assertStatus(200)
    await vaccination.refresh()
    assert.equal(vaccination.dose, '2')
    assert.equal(vaccination.lot, 'CD34')
    assert.deepEqual(rowIds(await post(client, `/pazienti/${patient.id}/vaccinazioni/${vaccination.id}`, { _method: 'DELETE' }, doctor)), [])
  })

  test('a vaccination in the future or before birth is refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const future = await post(client, `/pazienti/${patient.id}/vaccinazioni`, { vaccine: 'Antitetanica', administered_on: inDays(1) }, doctor)
    future.assertStatus(422)
    assert.include(html(future)('#f-administered_on-error').text(), 'futuro')
    assert.equal(html(future)('#f-vaccine').val(), 'Antitetanica')
    const early = await post(client, `/pazienti/${patient.id}/vaccinazioni`, { vaccine: 'Antitetanica', administered_on: '1970-05-01' }, doctor)
    assert.include(html(early)('#f-administered_on-error').text(), 'nascita')
  })

  test('without JavaScript: errors flashed on refusal, redirect to the tab on success', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const bad = await post(client, `/pazienti/${patient.id}/vaccinazioni`, { vaccine: '', administered_on: today() }, doctor, 'plain')
    bad.assertStatus(302)
    assert.property(bad.flashMessages().inputErrorsBag, 'vaccine')
    const good = await post(client, `/pazienti/${patient.id}/vaccinazioni`, { vaccine: 'Antinfluenzale', administered_on: today() }, doctor, 'plain')
    good.assertHeader('location', `/pazienti/${patient.id}/vaccinazioni`)
  })
})
