/*
| Is an uploaded file acceptable as an attachment? Size, extension from the studio's
| attachment policy, and content that really is of that type. Messages are for the user.
*/
import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { attachmentPolicy } from '#config/studio'
import { translate as t } from '#services/i18n'
import { contentMatchesExtension, MIME_TYPES, SIGNATURE_BYTES } from '#services/chart/attachments/file_signature'

export type UploadCheck = { ok: true; extension: string; mimeType: string } | { ok: false; error: string }

export const maxMegabytes = () => Math.round((attachmentPolicy.maxBytes / 1024 / 1024) * 10) / 10

async function head(path: string) {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(SIGNATURE_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SIGNATURE_BYTES, 0)
    return buffer.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

export async function checkUpload(file: MultipartFile | null | undefined): Promise<UploadCheck> {
  if (!file || !file.clientName) return { ok: false, error: t('chart.attachments.missing') }
  const extension = extname(file.clientName).slice(1).toLowerCase()
  const tooBig = file.errors.some((e) => e.type === 'size') || file.size > attachmentPolicy.maxBytes
  if (tooBig) return { ok: false, error: t('chart.attachments.too_big', { max: maxMegabytes() }) }
  if (!attachmentPolicy.extensions.includes(extension) || !MIME_TYPES[extension]) {
    return { ok: false, error: t('chart.attachments.bad_type', { types: attachmentPolicy.extensions.join(', ') }) }
  }
  if (!file.tmpPath || file.size === 0) return { ok: false, error: t('chart.attachments.empty') }
  if (!contentMatchesExtension(extension, await head(file.tmpPath))) {
    return { ok: false, error: t('chart.attachments.content_mismatch', { type: extension.toUpperCase() }) }
  }
  return { ok: true, extension, mimeType: MIME_TYPES[extension] }
}
