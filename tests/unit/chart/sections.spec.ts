import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Patient from '#models/patient'
import Problem from '#models/problem'
import Measurement from '#models/measurement'
import { measurements } from '#services/chart/sections/measurements'
import { saveEntry } from '#services/chart/save_entry'
import { problems } from '#services/chart/sections/problems'
import { latestMeasurements } from '#services/chart/latest_measurements'
import { checkPastDate } from '#services/chart/date_rules'
import { createPatient, createUser } from '#tests/helpers/factories'

function patientBornIn1980() {
  const patient = new Patient()
  patient.merge({ id: 1, birthDate: DateTime.fromISO('1980-01-01') })
  return patient
}

test.group('chart date rules', () => {
  test('today is fine, tomorrow is the future, and a date before birth is refused', ({ assert }) => {
    const patient = patientBornIn1980()
    const errors: Record<string, string> = {}
    checkPastDate(errors, 'today', DateTime.now().startOf('day'), patient)
    checkPastDate(errors, 'tomorrow', DateTime.now().plus({ days: 1 }).startOf('day'), patient)
    checkPastDate(errors, 'old', DateTime.fromISO('1979-12-31'), patient)
    checkPastDate(errors, 'later_today', DateTime.now().plus({ hours: 1 }), patient)
    assert.notProperty(errors, 'today')
    assert.include(errors.tomorrow, 'futuro')
    assert.include(errors.old, 'nascita')
    assert.include(errors.later_today, 'futuro')
  })
})

test.group('measurement rules', () => {
  const check = (input: Record<string, unknown>) =>
    measurements.attributes({ measured_at: new Date(), source: 'doctor', ...input }, patientBornIn1980())

  test('known kinds take their unit and plausible range', async ({ assert }) => {
    const ok = await check({ kind: 'spo2', value: 97, unit: 'ignored' })
    assert.isTrue(ok.ok)
    assert.equal(ok.ok && ok.data.unit, '%')
    for (const [kind, value] of [['spo2', 49], ['spo2', 100.5], ['temperatura', 29.9], ['temperatura', 45.1], ['pressione', 39]] as const) {
      const refused = await check({ kind, value, value2: 20 })
      assert.isFalse(refused.ok, `${kind} ${value}`)
    }
  })

  test('a free kind keeps its unit and has no range', async ({ assert }) => {
    const result = await check({ kind: 'altro', other_kind: 'INR', value: 2.4, unit: '' })
    assert.isTrue(result.ok)
    assert.equal(result.ok && result.data.kind, 'inr')
  })

  test('the second value is dropped for kinds that have only one', async ({ assert }) => {
    const result = await check({ kind: 'peso', value: 70, value2: 12 })
    assert.isTrue(result.ok && result.data.value2 === null)
  })
})

test.group('saving chart entries', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a new entry is bound to the patient and its author; an edit keeps the author', async ({ assert }) => {
    const author = await createUser({ role: 'titolare' })
    const editor = await createUser({ role: 'sostituto' })
    const patient = await createPatient({ doctorId: author.id })
    const created = await saveEntry(problems, patient, { description: 'Asma', onset_date: '2020-01-01', patient_id: '999' }, { userId: author.id })
    assert.isTrue(created.ok)
    const problem = await Problem.findOrFail((created as any).entry.id)
    assert.equal(problem.patientId, patient.id)
    const edited = await saveEntry(problems, patient, { description: 'Asma allergico', onset_date: '2020-01-01' }, { entry: problem, userId: editor.id })
    assert.isTrue(edited.ok && !edited.created)
    await problem.refresh()
    assert.equal(problem.createdBy, author.id)
    assert.equal(problem.description, 'Asma allergico')
  })

  test('the latest measurement of each kind is found even behind many newer ones of another kind', async ({ assert }) => {
    const patient = await createPatient()
    await Measurement.create({ patientId: patient.id, kind: 'peso', value: 70, unit: 'kg', measuredAt: DateTime.fromISO('2020-01-01'), source: 'doctor' })
    await Measurement.create({ patientId: patient.id, kind: 'peso', value: 72, unit: 'kg', measuredAt: DateTime.fromISO('2021-01-01'), source: 'doctor' })
    for (let i = 0; i < 100; i++) {
      await Measurement.create({ patientId: patient.id, kind: 'glicemia', value: 90, unit: 'mg/dl', measuredAt: DateTime.fromISO('2024-01-01').plus({ hours: i }), source: 'patient' })
    }
    const latest = await latestMeasurements(patient.id)
    assert.deepEqual(latest.map((m) => [m.kind, m.value]), [['glicemia', 90], ['peso', 72]])
  })
})
