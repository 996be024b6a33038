/*
| An attachment is a file stored encrypted plus the row that describes it. Never one without
| the other: the file is written first (a failure there leaves no row), and removed again if
| the row cannot be written.
*/
import { basename } from 'node:path'
import Attachment from '#models/attachment'
import { removeStored, storeEncryptedFile } from '#services/storage/encrypted_storage'

export interface NewAttachment {
  patientId: number
  createdBy: number
  tmpPath: string
  originalName: string
  mimeType: string
  description?: string | null
  category?: 'attachment' | 'certificate'
}

/** The name as shown and offered back on download: no folders, no control characters. */
export function cleanFileName(name: string) {
  const cleaned = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  return (cleaned || 'allegato').slice(-200)
}

export async function storeAttachment(input: NewAttachment): Promise<Attachment> {
  const stored = await storeEncryptedFile(input.tmpPath, 'attachments')
  try {
    return await Attachment.create({
      patientId: input.patientId,
      createdBy: input.createdBy,
      category: input.category ?? 'attachment',
      originalName: cleanFileName(input.originalName),
      mimeType: input.mimeType,
      sizeBytes: stored.sizeBytes,
      storageKey: stored.storageKey,
      sha256: stored.sha256,
      description: input.description ?? null,
    })
  } catch (error) {
    await removeStored(stored.storageKey)
    throw error
  }
}

/** The row goes first: if removing the file then fails, nothing points at it any more. */
export async function removeAttachment(attachment: Attachment) {
  await attachment.delete()
  await removeStored(attachment.storageKey)
}

export function listAttachments(patientId: number) {
  return Attachment.query().where('patient_id', patientId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200)
}
