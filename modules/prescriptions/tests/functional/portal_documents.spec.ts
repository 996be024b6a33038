import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { patientDocuments, openPatientDocument } from '#services/patient_documents'
import { createPatient } from '#tests/helpers/factories'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { cancelPrescription } from '../../services/cancel_prescription.js'
import { prescribeAndSend, prescriptionsSetup, studio } from '../support/setup.js'

const row = (id: number) => db.from('prescriptions').where('id', id).first()

test.group('promemoria published for the patient portal', (group) => {
  group.each.setup(prescriptionsSetup())

  test('published on acceptance: the patient (and only he) finds it and opens the stored promemoria', async ({ assert }) => {
    const { doctor, patient } = await studio()
    const id = await prescribeAndSend(doctor, patient.id, 'portal')
    const done = await waitFor(async () => ((await row(id))?.state === 'DELIVERED' ? row(id) : null))
    assert.isNotNull(done.portal_published_at)
    assert.isNotNull(done.promemoria_storage_key)
    const event = await db.from('prescription_events').where('prescription_id', id).where('event', 'deliver').first()
    assert.include(event.note, 'portale del paziente')

    const documents = await patientDocuments(patient.id)
    assert.lengthOf(documents, 1)
    assert.equal(documents[0].ref, `prescriptions:${id}`)
    assert.include(documents[0].summary, done.nre)
    assert.include(documents[0].summary, 'ABIGERD')
    assert.equal(documents[0].filename, `promemoria-${done.nre}.pdf`)

    const opened = await openPatientDocument(patient.id, documents[0].ref)
    assert.equal(opened!.contentType, 'application/pdf')
    assert.equal(opened!.content.subarray(0, 5).toString(), '%PDF-')

    // Another patient sees nothing of it, even asking for it by its reference.
    const other = await createPatient({ doctorId: doctor.id })
    assert.lengthOf(await patientDocuments(other.id), 0)
    assert.isNull(await openPatientDocument(other.id, documents[0].ref))
    assert.isNull(await openPatientDocument(patient.id, 'prescriptions:abc'))
    assert.isNull(await openPatientDocument(patient.id, 'nessuno:1'))
  })

  test('a prescription delivered otherwise is not on the portal; a cancelled one is withdrawn from it', async ({ assert }) => {
    const { doctor, patient } = await studio()
    const printed = await prescribeAndSend(doctor, patient.id, 'print')
    const published = await prescribeAndSend(doctor, patient.id, 'portal')
    await waitFor(async () => ((await row(published))?.state === 'DELIVERED' ? true : null))
    await waitFor(async () => ((await row(printed))?.state === 'ACCEPTED' ? true : null))
    assert.deepEqual((await patientDocuments(patient.id)).map((d) => d.ref), [`prescriptions:${published}`])

    const cancelled = await cancelPrescription(doctor, published, 'Errore di posologia')
    assert.isTrue(cancelled.ok)
    await waitFor(async () => (['CANCELLED', 'CANCEL_REQUESTED'].includes((await row(published))?.state) ? true : null))
    assert.lengthOf(await patientDocuments(patient.id), 0)
    assert.isNull(await openPatientDocument(patient.id, `prescriptions:${published}`))
  })
})
