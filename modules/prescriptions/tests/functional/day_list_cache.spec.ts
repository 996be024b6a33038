import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import { preparePrescription } from '../../services/prepare_prescription.js'
import { dayFingerprint } from '../../queries/studio_day.js'
import { romeToday } from '../../queries/rome_time.js'
import { AIC, prescriptionsSetup, studio } from '../support/setup.js'

async function prepared(staff: any, patientId: number) {
  const result = await preparePrescription(staff, { patientId, content: 'drug', items: [{ code: AIC.augmentin, quantity: 1 }] })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.ids
}

const revisionOf = async (id: number) => Number((await db.from('prescriptions').where('id', id).select('revision').first()).revision)

test.group('Gestione Studio: the list written once and reused while the day is unchanged', (group) => {
  group.each.setup(prescriptionsSetup())

  test('the database raises the revision on every update, whoever makes it', async ({ assert }) => {
    const { staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const before = await revisionOf(id)
    await db.from('prescriptions').where('id', id).update({ cancel_reason: 'prima' })
    await db.from('prescriptions').where('id', id).update({ cancel_reason: 'seconda' })
    assert.equal(await revisionOf(id), before + 2)
    // Setting the revision by hand does not hold it still or take it back either.
    await db.from('prescriptions').where('id', id).update({ revision: before, cancel_reason: 'terza' })
    assert.equal(await revisionOf(id), before + 3)
  })

  test("the day's fingerprint moves with an added, a removed and an updated prescription, and only then", async ({ assert }) => {
    const { doctor, staff, patient } = await studio()
    const options = { doctorId: doctor.id, date: romeToday(), filter: 'tutte' as const }
    const empty = await dayFingerprint(options)
    assert.equal(empty.count, 0)
    const [id] = await prepared(staff, patient.id)
    const one = await dayFingerprint(options)
    assert.equal(one.count, 1)
    assert.notEqual(one.fingerprint, empty.fingerprint)
    assert.equal((await dayFingerprint(options)).fingerprint, one.fingerprint)
    await db.from('prescriptions').where('id', id).update({ awaiting_print: true })
    const updated = await dayFingerprint(options)
    assert.notEqual(updated.fingerprint, one.fingerprint)
    const [second] = await prepared(staff, patient.id)
    const two = await dayFingerprint(options)
    assert.equal(two.count, 2)
    assert.notEqual(two.fingerprint, updated.fingerprint)
    await db.from('prescription_events').where('prescription_id', second).delete()
    await db.from('prescription_items').where('prescription_id', second).delete()
    await db.from('prescriptions').where('id', second).delete()
    const removed = await dayFingerprint(options)
    assert.equal(removed.count, 1)
    assert.notEqual(removed.fingerprint, two.fingerprint)
    // Back to the same rows: the same fingerprint, and the same list is right for it.
    assert.equal(removed.fingerprint, updated.fingerprint)
  })

  test('an unchanged day is answered from the list already written; any change of a prescription, even straight in the database, is seen at once', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const list = async () => cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}`).loginAs(doctor)).text())
    const first = await list()
    assert.include(first(`tr[data-prescription-id="${id}"]`).text(), patient.lastName)

    // What the fingerprint does not cover (a patient's name) shows that the second answer reused the list.
    await db.from('patients').where('id', patient.id).update({ last_name: 'Cambiato' })
    assert.notInclude((await list())(`tr[data-prescription-id="${id}"]`).text(), 'Cambiato')

    // Two changes within the same second: each one is seen.
    await db.from('prescriptions').where('id', id).update({ state: 'DISCARDED', cancel_reason: 'Doppione' })
    const afterFirst = await list()
    assert.equal(afterFirst(`tr[data-prescription-id="${id}"]`).attr('data-state'), 'DISCARDED')
    assert.include(afterFirst(`tr[data-prescription-id="${id}"]`).text(), 'Cambiato')
    await db.from('prescriptions').where('id', id).update({ cancel_reason: 'Già in terapia' })
    assert.include((await list())(`tr[data-prescription-id="${id}"] [data-testid="cancel-reason"]`).text(), 'Già in terapia')
  })

  test("each role gets its own list: the staff's has no cancel buttons", async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const url = `/gestione-studio?medico=${doctor.id}`
    const forDoctor = cheerio.load((await client.get(url).loginAs(doctor)).text())
    const forStaff = cheerio.load((await client.get(url).loginAs(staff)).text())
    assert.lengthOf(forDoctor(`[data-cancel="${id}"]`), 1)
    assert.lengthOf(forStaff(`[data-cancel="${id}"]`), 0)
    assert.lengthOf(cheerio.load((await client.get(url).loginAs(doctor)).text())(`[data-cancel="${id}"]`), 1)
    // Every answer is audited, the ones from the list already written too.
    const audited = await db.from('audit_logs').where('entity', 'prescription_queue').where('action', 'read').orderBy('id').select('user_id', 'entity_id')
    assert.deepEqual(audited.map((a) => a.user_id), [doctor.id, staff.id, doctor.id])
    assert.isTrue(audited.every((a) => String(a.entity_id) === String(doctor.id)))
  })

  test('the failed sendings box is reused while they are unchanged, and follows every change of them', async ({ client, assert }) => {
    const { doctor, staff, patient } = await studio()
    const [id] = await prepared(staff, patient.id)
    const box = async () => cheerio.load((await client.get(`/gestione-studio?medico=${doctor.id}`).loginAs(doctor)).text())('[data-testid="send-problems"]')
    assert.lengthOf(await box(), 0)
    await db.from('prescriptions').where('id', id).update({ state: 'PENDING', last_transport_error: 'Servizio non raggiungibile' })
    assert.include((await box()).find(`[data-problem-id="${id}"]`).text(), 'Servizio non raggiungibile')
    await db.from('patients').where('id', patient.id).update({ last_name: 'Cambiato' })
    assert.notInclude((await box()).text(), 'Cambiato')
    await db.from('prescriptions').where('id', id).update({ last_transport_error: 'Credenziali scadute' })
    const changed = await box()
    assert.include(changed.text(), 'Credenziali scadute')
    assert.include(changed.text(), 'Cambiato')
    await db.from('prescriptions').where('id', id).update({ state: 'ACCEPTED', nre: '1200A4000000001' })
    assert.lengthOf(await box(), 0)
  })
})
