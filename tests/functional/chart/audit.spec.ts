import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Problem from '#models/problem'
import { auditRows, doctorAndPatient, post, today } from '#tests/functional/chart/helpers'

test.group('chart: audit trail', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('opening the chart and each tab is recorded with who, what and which patient', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const tabs = ['problemi', 'terapie', 'accertamenti', 'misurazioni', 'vaccinazioni', 'esenzioni', 'diario', 'allegati']
    await client.get(`/pazienti/${patient.id}`).loginAs(doctor)
    for (const tab of tabs) await client.get(`/pazienti/${patient.id}/${tab}`).loginAs(doctor)
    const rows = await auditRows(patient.id)
    assert.deepEqual(
      rows.map((r: any) => [r.action, r.entity]),
      [['read', 'chart'], ['read', 'problem'], ['read', 'therapy'], ['read', 'exam'], ['read', 'measurement'], ['read', 'vaccination'], ['read', 'exemption'], ['read', 'diary_entry'], ['read', 'attachment']]
    )
    assert.equal(rows[0].entity_id, String(patient.id))
    assert.equal(rows[0].user_id, doctor.id)
    assert.equal(JSON.parse(rows[1].details).tab, 'problemi')
    assert.equal(rows[1].url, `/pazienti/${patient.id}/problemi`)
  })

  test('opening an entry to edit it records its id', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const problem = await Problem.create({ patientId: patient.id, description: 'Asma', status: 'active', onsetDate: DateTime.fromISO('2019-01-01') })
    await client.get(`/pazienti/${patient.id}/problemi?modifica=${problem.id}`).loginAs(doctor)
    const [row] = await auditRows(patient.id)
    assert.equal(row.entity_id, String(problem.id))
  })

  test('create, update, resolve and delete are recorded with the entry id; refused input is not', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await post(client, `/pazienti/${patient.id}/problemi`, { description: '', onset_date: today() }, doctor)
    await post(client, `/pazienti/${patient.id}/problemi`, { description: 'Asma', onset_date: '2019-01-01' }, doctor)
    const problem = await Problem.findByOrFail('patient_id', patient.id)
    await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'PUT', description: 'Asma bronchiale', onset_date: '2019-01-01' }, doctor)
    await post(client, `/pazienti/${patient.id}/problemi/${problem.id}/risolvi`, { resolved_date: today() }, doctor)
    await post(client, `/pazienti/${patient.id}/problemi/${problem.id}`, { _method: 'DELETE' }, doctor)
    const writes = (await auditRows(patient.id)).filter((r: any) => r.action !== 'read')
    assert.deepEqual(writes.map((r: any) => [r.action, r.entity, r.entity_id]), [
      ['create', 'problem', String(problem.id)],
      ['update', 'problem', String(problem.id)],
      ['update', 'problem', String(problem.id)],
      ['delete', 'problem', String(problem.id)],
    ])
  })

  test('a refused access is not recorded as a read', async ({ client, assert }) => {
    const { patient } = await doctorAndPatient()
    const { createUser } = await import('#tests/helpers/factories')
    const secretary = await createUser({ role: 'collaboratore' })
    await client.get(`/pazienti/${patient.id}`).loginAs(secretary)
    assert.lengthOf(await auditRows(patient.id), 0)
  })
})
