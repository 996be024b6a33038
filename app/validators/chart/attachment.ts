import vine from '@vinejs/vine'
import { text } from '#validators/chart/common'

/** The text fields of an upload; the file itself is checked by checkUpload. */
export const attachmentValidator = vine.create({
  description: text(300).optional(),
})
