import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { readFile, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import Attachment from '#models/attachment'
import { storedPath } from '#services/storage/encrypted_storage'
import { createPatient } from '#tests/helpers/factories'
import { auditRows, cleanStoredFiles, doctorAndPatient, html } from '#tests/functional/chart/helpers'

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nReferto ecografico di Mario Rossi\n%%EOF\n')
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR immagine')])
const exe = Buffer.from('MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode', 'latin1')

function upload(client: any, patientId: number, user: any, content: Buffer, filename: string, htmx = true) {
  const request = client.post(`/pazienti/${patientId}/allegati`).file('file', content, { filename }).field('description', 'Ecografia addome').withCsrfToken().loginAs(user)
  return htmx ? request.header('HX-Request', 'true') : request.redirects(0)
}

function download(client: any, url: string, user: any) {
  const request = client.get(url).loginAs(user)
  request.request.buffer(true).parse((res: any, done: any) => {
    const chunks: Buffer[] = []
    res.on('data', (c: Buffer) => chunks.push(c))
    res.on('end', () => done(null, Buffer.concat(chunks)))
  })
  return request
}

test.group('chart: attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => cleanStoredFiles())

  test('an upload is stored encrypted and downloaded back identical, with safe headers', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await upload(client, patient.id, doctor, pdf, 'referto ecografia.pdf', false)
    response.assertStatus(302)
    response.assertFlashMessage('success', 'Allegato caricato e cifrato.')
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    assert.equal(attachment.mimeType, 'application/pdf')
    assert.equal(attachment.sizeBytes, pdf.length)
    assert.equal(attachment.description, 'Ecografia addome')
    assert.equal(attachment.createdBy, doctor.id)
    const onDisk = await readFile(storedPath(attachment.storageKey))
    assert.isFalse(onDisk.equals(pdf))
    assert.equal(onDisk.indexOf(Buffer.from('Mario Rossi')), -1)
    assert.equal(onDisk.indexOf(Buffer.from('%PDF')), -1)
    const got = await download(client, `/pazienti/${patient.id}/allegati/${attachment.id}`, doctor)
    got.assertStatus(200)
    got.assertHeader('content-type', 'application/pdf')
    got.assertHeader('x-content-type-options', 'nosniff')
    assert.include(got.header('content-disposition'), 'attachment;')
    assert.include(got.header('content-disposition'), "filename*=UTF-8''referto%20ecografia.pdf")
    assert.isTrue(Buffer.from(got.body() as any).equals(pdf))
  })

  test('with htmx the list fragment comes back with the new attachment', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await upload(client, patient.id, doctor, png, 'foto.png')
    response.assertStatus(200)
    assert.notInclude(response.text(), '<html')
    assert.include(html(response)('[data-testid="section-allegati"] tbody').text(), 'foto.png')
  })

  test('an oversized file is refused next to the field, nothing stored', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(11 * 1024 * 1024)])
    const response = await upload(client, patient.id, doctor, big, 'grande.pdf')
    response.assertStatus(422)
    assert.include(html(response)('#f-file-error').text(), 'troppo grande')
    assert.equal(html(response)('#f-description').val(), 'Ecografia addome')
    assert.lengthOf(await Attachment.query().where('patient_id', patient.id), 0)
  })

  test('a forbidden type and an executable renamed .pdf are refused', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const wrongType = await upload(client, patient.id, doctor, exe, 'programma.exe')
    wrongType.assertStatus(422)
    assert.include(html(wrongType)('#f-file-error').text(), 'non ammesso')
    const disguised = await upload(client, patient.id, doctor, exe, 'referto.pdf')
    disguised.assertStatus(422)
    assert.include(html(disguised)('#f-file-error').text(), 'non è un PDF')
    const fakeImage = await upload(client, patient.id, doctor, pdf, 'foto.jpg')
    assert.include(html(fakeImage)('#f-file-error').text(), 'non è un JPG')
    assert.lengthOf(await Attachment.query().where('patient_id', patient.id), 0)
  })

  test('without JavaScript a refused upload redirects back with the error for the field', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const response = await upload(client, patient.id, doctor, exe, 'referto.pdf', false)
    response.assertStatus(302)
    assert.include(response.flashMessages().inputErrorsBag.file[0], 'non è un PDF')
  })

  test("another patient's attachment is a 404 through this patient's URL, for download and delete", async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    const other = await createPatient({ doctorId: doctor.id })
    await upload(client, other.id, doctor, pdf, 'a.pdf')
    const attachment = await Attachment.findByOrFail('patient_id', other.id)
    ;(await client.get(`/pazienti/${patient.id}/allegati/${attachment.id}`).loginAs(doctor)).assertStatus(404)
    ;(await client.post(`/pazienti/${patient.id}/allegati/${attachment.id}`).form({ _method: 'DELETE' }).withCsrfToken().loginAs(doctor)).assertStatus(404)
    assert.isTrue(existsSync(storedPath(attachment.storageKey)))
  })

  test('a tampered file is not sent: the user is told and the attempt is recorded', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await upload(client, patient.id, doctor, pdf, 'a.pdf')
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    const path = storedPath(attachment.storageKey)
    const bytes = await readFile(path)
    bytes[30] ^= 0xff
    await writeFile(path, bytes)
    const response = await client.get(`/pazienti/${patient.id}/allegati/${attachment.id}`).loginAs(doctor).redirects(0)
    response.assertStatus(302)
    response.assertFlashMessage('error', 'Il file risulta danneggiato o alterato e non può essere aperto. L\'evento è stato registrato.')
    const row = (await auditRows(patient.id)).find((r: any) => r.action === 'download')
    assert.equal(JSON.parse(row.details).failed, 'integrity')
  })

  test('deleting an attachment removes the row and its encrypted file; upload, download and delete are audited', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await upload(client, patient.id, doctor, pdf, 'a.pdf')
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    const path = storedPath(attachment.storageKey)
    await download(client, `/pazienti/${patient.id}/allegati/${attachment.id}`, doctor)
    const removed = await client.post(`/pazienti/${patient.id}/allegati/${attachment.id}`).form({ _method: 'DELETE' }).header('HX-Request', 'true').withCsrfToken().loginAs(doctor)
    removed.assertStatus(200)
    assert.isFalse(existsSync(path))
    assert.isNull(await Attachment.find(attachment.id))
    const rows = (await auditRows(patient.id)).filter((r: any) => r.entity === 'attachment' && r.action !== 'read')
    assert.deepEqual(rows.map((r: any) => [r.action, r.entity_id]), [['create', String(attachment.id)], ['download', String(attachment.id)], ['delete', String(attachment.id)]])
  })

  test('a collaboratore without rights can neither upload nor download', async ({ client, assert }) => {
    const { doctor, patient } = await doctorAndPatient()
    await upload(client, patient.id, doctor, pdf, 'a.pdf')
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    const { createUser } = await import('#tests/helpers/factories')
    const secretary = await createUser({ role: 'collaboratore' })
    ;(await client.get(`/pazienti/${patient.id}/allegati/${attachment.id}`).loginAs(secretary)).assertStatus(403)
    ;(await upload(client, patient.id, secretary, pdf, 'b.pdf')).assertStatus(403)
    assert.lengthOf(await Attachment.query().where('patient_id', patient.id), 1)
  })
})
