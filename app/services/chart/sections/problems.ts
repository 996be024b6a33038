import Problem from '#models/problem'
import type Patient from '#models/patient'
import { problemValidator } from '#validators/chart/problem'
import { translate as t } from '#services/i18n'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkOrder, checkPastDate, toDay } from '#services/chart/date_rules'
import { findIcd9, sentenceCase } from '#services/chart/icd9_catalogue'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const problems: ChartSection<Problem> = {
  slug: 'problemi',
  entity: 'problem',
  model: Problem,
  validator: problemValidator,

  list(patientId) {
    return Problem.query()
      .where('patient_id', patientId)
      .orderBy('status', 'asc') // active before inactive
      .orderBy('onset_date', 'desc')
      .limit(LIST_LIMIT)
  },

  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const onset = toDay(input.onset_date)
    const resolved = toDay(input.resolved_date)
    checkPastDate(errors, 'onset_date', onset, patient)
    checkPastDate(errors, 'resolved_date', resolved, patient)
    checkOrder(errors, 'resolved_date', onset, resolved, 'chart.dates.resolved_before_onset')
    let description: string | undefined = input.description
    if (input.icd9_code) {
      const known = await findIcd9(input.icd9_code)
      if (known === 'unknown') errors.icd9_code = t('chart.validation.icd9_unknown')
      else if (known && !description) description = sentenceCase(known.description)
    }
    if (!description) errors.description ??= t('chart.validation.description_required')
    if (hasErrors(errors)) return { ok: false, errors }
    return {
      ok: true,
      data: {
        icd9Code: input.icd9_code ?? null,
        description,
        // A resolution date closes the problem.
        status: resolved ? 'inactive' : (input.status ?? 'active'),
        onsetDate: onset,
        resolvedDate: resolved,
        notes: input.notes ?? null,
      },
    }
  },

  formValues(p) {
    return {
      icd9_code: p.icd9Code ?? '',
      description: p.description,
      status: p.status,
      onset_date: p.onsetDate?.toISODate() ?? '',
      resolved_date: p.resolvedDate?.toISODate() ?? '',
      notes: p.notes ?? '',
    }
  },
}
