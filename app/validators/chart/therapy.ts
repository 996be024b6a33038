import vine from '@vinejs/vine'
import { day, problemRef, text } from '#validators/chart/common'

export const therapyValidator = vine.create({
  drug_name: text(200).minLength(2),
  // AIC: the 9-digit marketing authorisation code of the pack (AIFA).
  aic: vine.string().trim().regex(/^\d{9}$/).optional(),
  active_ingredient: text(200).optional(),
  posology: text(300).optional(),
  is_continuative: vine.boolean().optional(),
  problem_id: problemRef(),
  start_date: day(),
  end_date: day().optional(),
  notes: text(2000).optional(),
})

export const stopTherapyValidator = vine.create({
  end_date: day(),
})
