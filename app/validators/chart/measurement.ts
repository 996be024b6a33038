import vine from '@vinejs/vine'
import { moment, text } from '#validators/chart/common'

export const measurementValidator = vine.create({
  // A known kind (pressione, peso, ...) or "altro" with its name in other_kind.
  kind: vine.string().trim().toLowerCase().minLength(2).maxLength(40),
  other_kind: text(40).minLength(2).optional(),
  value: vine.number(),
  value2: vine.number().optional(),
  unit: text(20).optional(),
  measured_at: moment(),
  source: vine.enum(['doctor', 'patient']).optional(),
  notes: text(300).optional(),
})
