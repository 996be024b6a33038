import vine from '@vinejs/vine'
import { day, text } from '#validators/chart/common'

/** ICD9-CM diagnosis codes: 001–999 with up to two decimals, V01–V91, E800–E999. */
export const ICD9_CODE = /^(\d{3}(\.\d{1,2})?|V\d{2}(\.\d{1,2})?|E\d{3}(\.\d)?)$/

export const problemValidator = vine.create({
  icd9_code: vine.string().trim().toUpperCase().regex(ICD9_CODE).optional(),
  // Optional when the code is in the ICD9-CM catalogue: its description is taken.
  description: text(300).minLength(2).optional(),
  status: vine.enum(['active', 'inactive']).optional(),
  onset_date: day(),
  resolved_date: day().optional(),
  notes: text(2000).optional(),
})

export const resolveProblemValidator = vine.create({
  resolved_date: day(),
})
