import Problem from '#models/problem'
import { translate as t } from '#services/i18n'
import type { FieldErrors } from '#services/chart/field_errors'

/** An associated problem must belong to the same patient (ids in a form can be altered). */
export async function checkProblemLink(errors: FieldErrors, patientId: number, problemId: number | undefined) {
  if (!problemId) return null
  const problem = await Problem.query().where('id', problemId).where('patient_id', patientId).select('id').first()
  if (!problem) errors.problem_id = t('chart.validation.problem_unknown')
  return problem ? problemId : null
}
