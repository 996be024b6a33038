import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import * as cheerio from 'cheerio'
import Attachment from '#models/attachment'
import { storedPath } from '#services/storage/encrypted_storage'
import { createPatient, createUser } from '#tests/helpers/factories'

const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nReferto ecografico di Mario Rossi\n%%EOF\n')

test.group('clinical record: attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const doctor = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: doctor.id })
    return { doctor, patient }
  }

  test('an upload is stored encrypted and downloaded back identical; both are audited', async ({ client, assert }) => {
    const { doctor, patient } = await setup()
    const upload = await client
      .post(`/pazienti/${patient.id}/allegati`)
      .file('file', pdf, { filename: 'referto.pdf' })
      .field('description', 'Ecografia addome')
      .withCsrfToken()
      .loginAs(doctor)
      .redirects(0)
    upload.assertStatus(302)
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    assert.equal(attachment.mimeType, 'application/pdf')
    const onDisk = await readFile(storedPath(attachment.storageKey))
    assert.equal(onDisk.indexOf(Buffer.from('Mario Rossi')), -1)
    const request = client.get(`/pazienti/${patient.id}/allegati/${attachment.id}`).loginAs(doctor)
    request.request.buffer(true).parse((res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
    const download = await request
    download.assertStatus(200)
    download.assertHeader('content-type', 'application/pdf')
    assert.include(download.header('content-disposition'), 'referto.pdf')
    assert.isTrue(Buffer.from(download.body() as any).equals(pdf))
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const actions = (await db.from('audit_logs').where('entity', 'attachment').where('patient_id', patient.id).orderBy('id')).map((r: any) => r.action)
    assert.deepEqual(actions, ['create', 'download'])
  })

  test('an oversized file, a forbidden type and a disguised executable are refused, nothing stored', async ({ client, assert }) => {
    const { doctor, patient } = await setup()
    const post = (content: Buffer, filename: string) =>
      client.post(`/pazienti/${patient.id}/allegati`).header('HX-Request', 'true').file('file', content, { filename }).withCsrfToken().loginAs(doctor)
    const big = await post(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(11 * 1024 * 1024)]), 'grande.pdf')
    big.assertStatus(422)
    assert.include(cheerio.load(big.text())('#f-file-error').text(), 'troppo grande')
    const exe = await post(Buffer.from('MZ\x90\x00 this is a program'), 'programma.exe')
    exe.assertStatus(422)
    assert.include(cheerio.load(exe.text())('#f-file-error').text(), 'non ammesso')
    const disguised = await post(Buffer.from('MZ\x90\x00 this is a program'), 'referto.pdf')
    disguised.assertStatus(422)
    assert.include(cheerio.load(disguised.text())('#f-file-error').text(), 'non corrisponde')
    assert.lengthOf(await Attachment.query().where('patient_id', patient.id), 0)
  })

  test("another patient's attachment is not reachable through this patient's URL", async ({ client }) => {
    const { doctor, patient } = await setup()
    const other = await createPatient({ fiscalCode: 'BNCLRA85M41F205C', doctorId: doctor.id })
    await client.post(`/pazienti/${other.id}/allegati`).file('file', pdf, { filename: 'a.pdf' }).withCsrfToken().loginAs(doctor)
    const attachment = await Attachment.findByOrFail('patient_id', other.id)
    ;(await client.get(`/pazienti/${patient.id}/allegati/${attachment.id}`).loginAs(doctor)).assertStatus(404)
  })

  test('deleting an attachment removes its encrypted file too', async ({ client, assert }) => {
    const { doctor, patient } = await setup()
    await client.post(`/pazienti/${patient.id}/allegati`).file('file', pdf, { filename: 'a.pdf' }).withCsrfToken().loginAs(doctor)
    const attachment = await Attachment.findByOrFail('patient_id', patient.id)
    const path = storedPath(attachment.storageKey)
    assert.isTrue(existsSync(path))
    await client.delete(`/pazienti/${patient.id}/allegati/${attachment.id}`).withCsrfToken().loginAs(doctor).redirects(0)
    assert.isFalse(existsSync(path))
  })
})
