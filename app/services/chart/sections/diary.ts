import DiaryEntry from '#models/diary_entry'
import type Patient from '#models/patient'
import { diaryEntryValidator } from '#validators/chart/diary_entry'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkPastDate, toDay } from '#services/chart/date_rules'
import { checkProblemLink } from '#services/chart/sections/problem_link'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const diary: ChartSection<DiaryEntry> = {
  slug: 'diario',
  entity: 'diary_entry',
  model: DiaryEntry,
  validator: diaryEntryValidator,

  list(patientId) {
    return DiaryEntry.query().where('patient_id', patientId).orderBy('entry_date', 'desc').orderBy('id', 'desc').limit(LIST_LIMIT)
  },

  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const date = toDay(input.entry_date)
    checkPastDate(errors, 'entry_date', date, patient)
    const problemId = await checkProblemLink(errors, patient.id, input.problem_id)
    if (hasErrors(errors)) return { ok: false, errors }
    return { ok: true, data: { entryDate: date, text: input.text, problemId } }
  },

  formValues(d) {
    return { entry_date: d.entryDate?.toISODate() ?? '', text: d.text, problem_id: d.problemId ?? '' }
  },
}
