import vine from '@vinejs/vine'
import { day, text } from '#validators/chart/common'

export const exemptionValidator = vine.create({
  // Ticket exemption codes: 048, 0A31, E01, RF0100, C02...
  code: vine.string().trim().toUpperCase().regex(/^[A-Z0-9.]{2,10}$/),
  description: text(300).optional(),
  valid_from: day().optional(),
  valid_to: day().optional(),
})
