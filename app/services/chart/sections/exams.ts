import Exam from '#models/exam'
import type Patient from '#models/patient'
import { examValidator } from '#validators/chart/exam'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkOrder, checkPastDate, toDay } from '#services/chart/date_rules'
import { checkProblemLink } from '#services/chart/sections/problem_link'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const exams: ChartSection<Exam> = {
  slug: 'accertamenti',
  entity: 'exam',
  model: Exam,
  validator: examValidator,

  list(patientId) {
    return Exam.query().where('patient_id', patientId).orderBy('requested_on', 'desc').orderBy('id', 'desc').limit(LIST_LIMIT)
  },

  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const requested = toDay(input.requested_on)
    const resultOn = toDay(input.result_on)
    checkPastDate(errors, 'requested_on', requested, patient)
    checkPastDate(errors, 'result_on', resultOn, patient)
    checkOrder(errors, 'result_on', requested, resultOn, 'chart.dates.result_before_request')
    const problemId = await checkProblemLink(errors, patient.id, input.problem_id)
    if (hasErrors(errors)) return { ok: false, errors }
    return {
      ok: true,
      data: { name: input.name, requestedOn: requested, resultOn, result: input.result ?? null, problemId },
    }
  },

  formValues(e) {
    return {
      name: e.name,
      requested_on: e.requestedOn?.toISODate() ?? '',
      result_on: e.resultOn?.toISODate() ?? '',
      result: e.result ?? '',
      problem_id: e.problemId ?? '',
    }
  },
}
