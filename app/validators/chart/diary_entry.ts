import vine from '@vinejs/vine'
import { day, problemRef, text } from '#validators/chart/common'

export const diaryEntryValidator = vine.create({
  entry_date: day(),
  text: text(10000).minLength(1),
  problem_id: problemRef(),
})
