import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import Attachment from '#models/attachment'
import { storagePath } from '#config/studio'
import { readDecryptedBuffer, storedPath } from '#services/storage/encrypted_storage'
import { removeAttachment, storeAttachment } from '#services/chart/attachments/store_attachment'
import { createPatient, createUser } from '#tests/helpers/factories'

let uploads: string

async function tmpFile(content: string) {
  const path = join(uploads, `${Date.now()}-${Math.random()}.pdf`)
  await writeFile(path, content)
  return path
}

async function storedFiles() {
  const dir = join(storagePath, 'attachments')
  if (!existsSync(dir)) return new Set<string>()
  return new Set((await readdir(dir, { recursive: true })).map(String))
}

test.group('storing attachments', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    uploads = await mkdtemp(join(tmpdir(), 'studio-mg-uploads-'))
    return () => rm(uploads, { recursive: true, force: true })
  })

  test('the file is stored encrypted and described by a row with its sha256', async ({ assert }) => {
    const user = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: user.id })
    const attachment = await storeAttachment({ patientId: patient.id, createdBy: user.id, tmpPath: await tmpFile('%PDF-1.4 referto'), originalName: 'referto.pdf', mimeType: 'application/pdf' })
    assert.equal(attachment.sha256, createHash('sha256').update('%PDF-1.4 referto').digest('hex'))
    assert.equal(attachment.sizeBytes, 16)
    assert.equal((await readDecryptedBuffer(attachment.storageKey)).toString(), '%PDF-1.4 referto')
    await removeAttachment(attachment)
    assert.isFalse(existsSync(storedPath(attachment.storageKey)))
  })

  test('if the row cannot be written, the encrypted file is removed', async ({ assert }) => {
    const user = await createUser({ role: 'titolare' })
    const before = await storedFiles()
    // patient 999999 does not exist: the foreign key refuses the row.
    const path = await tmpFile('%PDF-1.4 orfano')
    await assert.rejects(() => storeAttachment({ patientId: 999999, createdBy: user.id, tmpPath: path, originalName: 'x.pdf', mimeType: 'application/pdf' }))
    const after = await storedFiles()
    assert.deepEqual([...after].filter((f) => !before.has(f) && !f.endsWith('.part') && f.length > 3), [])
  })

  test('if encryption fails, no row is written', async ({ assert }) => {
    const user = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: user.id })
    await assert.rejects(() => storeAttachment({ patientId: patient.id, createdBy: user.id, tmpPath: '/nonexistent/upload.pdf', originalName: 'x.pdf', mimeType: 'application/pdf' }))
    assert.lengthOf(await Attachment.query().where('patient_id', patient.id), 0)
  })
})
