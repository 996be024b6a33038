import vine from '@vinejs/vine'
import { day, text } from '#validators/chart/common'

export const vaccinationValidator = vine.create({
  vaccine: text(200).minLength(2),
  dose: text(40).optional(),
  administered_on: day(),
  lot: text(40).optional(),
  notes: text(300).optional(),
})
