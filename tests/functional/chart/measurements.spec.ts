import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Measurement from '#models/measurement'
import { doctorAndPatient, getFragment, html, post, rowIds, today } from '#tests/functional/chart/helpers'

test.group('chart: measurements', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('implausible values are refused with the expected range next to the field', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const cases: [Record<string, string>, string][] = [
      [{ kind: 'temperatura', value: '375' }, 'tra 30 e 45'],
      [{ kind: 'spo2', value: '101' }, 'tra 50 e 100'],
      [{ kind: 'spo2', value: '45' }, 'tra 50 e 100'],
      [{ kind: 'pressione', value: '350', value2: '90' }, 'tra 40 e 300'],
    ]
    for (const [form, message] of cases) {
      const response = await post(client, `/pazienti/${patient.id}/misurazioni`, { ...form, measured_at: today() }, doctor)
      response.assertStatus(422)
      assert.include(html(response)('#f-value-error').text(), message, JSON.stringify(form))
      assert.equal(html(response)('#f-value').val(), form.value)
    }
    assert.lengthOf(await Measurement.query().where('patient_id', patient.id), 0)
  })

  test('pressure needs the diastolic value, lower than the systolic', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const half = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'pressione', value: '130', value2: '', other_kind: '', unit: '', notes: '', measured_at: today() }, doctor)
    half.assertStatus(422)
    assert.include(html(half)('#f-value2-error').text(), 'minima')
    const swapped = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'pressione', value: '80', value2: '130', measured_at: today() }, doctor)
    assert.include(html(swapped)('#f-value2-error').text(), 'inferiore alla massima')
  })

  test('a reading in the future or before birth is refused; a decimal comma is accepted', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const later = DateTime.now().plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm")
    const future = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'temperatura', value: '37,5', measured_at: later }, doctor)
    assert.include(html(future)('#f-measured_at-error').text(), 'futuro')
    const early = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'temperatura', value: '37,5', measured_at: '1979-01-01' }, doctor)
    assert.include(html(early)('#f-measured_at-error').text(), 'nascita')
    ;(await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'temperatura', value: '37,5', measured_at: DateTime.now().toFormat("yyyy-MM-dd'T'HH:mm") }, doctor)).assertStatus(200)
    const stored = await Measurement.findByOrFail('patient_id', patient.id)
    assert.equal(stored.value, 37.5)
    assert.equal(stored.unit, '°C')
  })

  test('another kind is named with its unit; BMI cannot be typed in', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const unnamed = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'altro', value: '30', measured_at: today() }, doctor)
    assert.include(html(unnamed)('#f-other_kind-error').text(), 'nome')
    const bmi = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'altro', other_kind: 'BMI', value: '24', measured_at: today() }, doctor)
    assert.include(html(bmi)('#f-other_kind-error').text(), 'calcolato')
    ;(await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'altro', other_kind: 'Circonferenza vita', unit: 'cm', value: '94', measured_at: today(), source: 'patient' }, doctor)).assertStatus(200)
    const stored = await Measurement.findByOrFail('patient_id', patient.id)
    assert.equal(stored.kind, 'circonferenza vita')
    assert.equal(stored.unit, 'cm')
    assert.equal(stored.source, 'patient')
    const form = html(await getFragment(client, `/pazienti/${patient.id}/misurazioni?modifica=${stored.id}`, doctor))
    assert.equal(form('#f-kind').val(), 'altro')
    assert.equal(form('#f-other_kind').val(), 'circonferenza vita')
  })

  test('a chart per kind is drawn with both pressure lines, date labels and value ticks', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    for (const [value, value2, at] of [['140', '90', '2024-01-10T08:00'], ['135', '85', '2024-06-10T08:00'], ['130', '85', '2025-01-10T08:00']]) {
      ;(await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'pressione', value, value2, measured_at: at }, doctor)).assertStatus(200)
    }
    const $ = html(await getFragment(client, `/pazienti/${patient.id}/misurazioni`, doctor))
    const chart = $('[data-testid="chart-pressione"]')
    assert.lengthOf(chart.find('polyline'), 2)
    assert.lengthOf(chart.find('circle'), 6)
    assert.include(chart.find('.x-label').first().text(), '10/01/24')
    assert.include(chart.find('.x-label').last().text(), '10/01/25')
    assert.isAbove(chart.find('text').length, 4)
  })

  test('weight and height give the BMI, in the list and in the summary', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'altezza', value: '180', measured_at: '2024-01-01' }, doctor)
    const response = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'peso', value: '81', measured_at: '2024-01-02' }, doctor)
    const weight = await Measurement.query().where('patient_id', patient.id).where('kind', 'peso').firstOrFail()
    assert.include(html(response)(`tr[data-entry-id="${weight.id}"]`).text(), 'BMI 25')
    assert.lengthOf(html(response)('[data-testid="chart-bmi"]'), 1)
    const summary = html(await client.get(`/pazienti/${patient.id}`).loginAs(doctor))
    assert.include(summary('[data-testid="latest-measurements"] [data-kind="bmi"]').text(), '25')
  })

  test('a measurement is edited and removed', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const m = await Measurement.create({ patientId: patient.id, kind: 'peso', value: 80, unit: 'kg', measuredAt: DateTime.fromISO('2024-01-01T10:00'), source: 'doctor' })
    const form = html(await getFragment(client, `/pazienti/${patient.id}/misurazioni?modifica=${m.id}`, doctor))
    assert.equal(form('#f-measured_at').val(), '2024-01-01T10:00')
    ;(await post(client, `/pazienti/${patient.id}/misurazioni/${m.id}`, { _method: 'PUT', kind: 'peso', value: '79.5', measured_at: '2024-01-01T10:00' }, doctor)).assertStatus(200)
    await m.refresh()
    assert.equal(m.value, 79.5)
    assert.deepEqual(rowIds(await post(client, `/pazienti/${patient.id}/misurazioni/${m.id}`, { _method: 'DELETE' }, doctor)), [])
  })

  test('without JavaScript a refused measurement redirects back with errors and input', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await post(client, `/pazienti/${patient.id}/misurazioni`, { kind: 'spo2', value: '20', measured_at: today() }, doctor, 'plain')
    response.assertStatus(302)
    assert.property(response.flashMessages().inputErrorsBag, 'value')
    assert.equal(response.flashMessages().value, '20')
  })
})
