import vine from '@vinejs/vine'
import { day, problemRef, text } from '#validators/chart/common'

export const examValidator = vine.create({
  name: text(200).minLength(2),
  requested_on: day(),
  result_on: day().optional(),
  result: text(5000).optional(),
  problem_id: problemRef(),
})
