import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import PatientExemption from '#models/patient_exemption'
import { doctorAndPatient, getFragment, html, post, rowIds } from '#tests/functional/chart/helpers'

test.group('chart: exemptions', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an exemption is added (code upper-cased), edited and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    ;(await post(client, `/pazienti/${patient.id}/esenzioni`, { code: '0a31', description: 'Ipertensione arteriosa', valid_from: '2020-01-01' }, doctor)).assertStatus(200)
    const exemption = await PatientExemption.findByOrFail('patient_id', patient.id)
    assert.equal(exemption.code, '0A31')
    const form = html(await getFragment(client, `/pazienti/${patient.id}/esenzioni?modifica=${exemption.id}`, doctor))
    assert.equal(form('#f-code').val(), '0A31')
    ;(await post(client, `/pazienti/${patient.id}/esenzioni/${exemption.id}`, { _method: 'PUT', code: '0A31', valid_from: '2020-01-01', valid_to: '2030-12-31' }, doctor)).assertStatus(200)
    await exemption.refresh()
    assert.equal(exemption.validTo?.toISODate(), '2030-12-31')
    assert.deepEqual(rowIds(await post(client, `/pazienti/${patient.id}/esenzioni/${exemption.id}`, { _method: 'DELETE' }, doctor)), [])
  })

  test('a malformed code and an end before the start are refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/esenzioni`, { code: 'A', valid_from: '2020-01-01', valid_to: '2019-01-01' }, doctor)
    response.assertStatus(422)
    assert.include(html(response)('#f-code-error').text(), 'esenzione non valido')
    const dates = await post(client, `/pazienti/${patient.id}/esenzioni`, { code: '048', valid_from: '2020-01-01', valid_to: '2019-01-01' }, doctor)
    assert.include(html(dates)('#f-valid_to-error').text(), 'inizio')
  })

  test('the header shows the exemptions in force, not the expired ones', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await PatientExemption.create({ patientId: patient.id, code: '048', validFrom: DateTime.fromISO('2020-01-01') })
    await PatientExemption.create({ patientId: patient.id, code: 'E01', validTo: DateTime.fromISO('2021-01-01') })
    const header = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))('[data-testid="patient-exemptions"]').text()
    assert.include(header, '048')
    assert.notInclude(header, 'E01')
  })
})
