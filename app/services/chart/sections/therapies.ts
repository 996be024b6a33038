import Therapy from '#models/therapy'
import type Patient from '#models/patient'
import { therapyValidator } from '#validators/chart/therapy'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkAfterBirth, checkOrder, toDay } from '#services/chart/date_rules'
import { checkProblemLink } from '#services/chart/sections/problem_link'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const therapies: ChartSection<Therapy> = {
  slug: 'terapie',
  entity: 'therapy',
  model: Therapy,
  validator: therapyValidator,

  list(patientId) {
    return Therapy.query()
      .where('patient_id', patientId)
      .orderByRaw('case when end_date is null then 0 else 1 end')
      .orderBy('is_continuative', 'desc')
      .orderBy('start_date', 'desc')
      .limit(LIST_LIMIT)
  },

  // A start in the future is allowed: a therapy can be planned.
  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const start = toDay(input.start_date)
    const end = toDay(input.end_date)
    checkAfterBirth(errors, 'start_date', start, patient)
    checkOrder(errors, 'end_date', start, end, 'chart.dates.end_before_start')
    const problemId = await checkProblemLink(errors, patient.id, input.problem_id)
    if (hasErrors(errors)) return { ok: false, errors }
    return {
      ok: true,
      data: {
        drugName: input.drug_name,
        aic: input.aic ?? null,
        activeIngredient: input.active_ingredient ?? null,
        posology: input.posology ?? null,
        isContinuative: Boolean(input.is_continuative),
        problemId,
        startDate: start,
        endDate: end,
        notes: input.notes ?? null,
      },
    }
  },

  formValues(th) {
    return {
      drug_name: th.drugName,
      aic: th.aic ?? '',
      active_ingredient: th.activeIngredient ?? '',
      posology: th.posology ?? '',
      is_continuative: th.isContinuative ? '1' : '',
      problem_id: th.problemId ?? '',
      start_date: th.startDate?.toISODate() ?? '',
      end_date: th.endDate?.toISODate() ?? '',
      notes: th.notes ?? '',
    }
  },
}
