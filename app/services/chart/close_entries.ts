/*
| The two quick actions of the lists: resolve a problem, stop a therapy, each at a date.
*/
import type Patient from '#models/patient'
import type Problem from '#models/problem'
import type Therapy from '#models/therapy'
import { resolveProblemValidator } from '#validators/chart/problem'
import { stopTherapyValidator } from '#validators/chart/therapy'
import { hasErrors, validateInput, type Checked, type FieldErrors } from '#services/chart/field_errors'
import { checkOrder, checkPastDate, toDay } from '#services/chart/date_rules'

export async function resolveProblem(problem: Problem, patient: Patient, raw: unknown): Promise<Checked<Problem>> {
  const input = await validateInput<{ resolved_date: Date }>(resolveProblemValidator, raw)
  if (!input.ok) return input
  const errors: FieldErrors = {}
  const resolved = toDay(input.data.resolved_date)
  checkPastDate(errors, 'resolved_date', resolved, patient)
  checkOrder(errors, 'resolved_date', problem.onsetDate, resolved, 'chart.dates.resolved_before_onset')
  if (hasErrors(errors)) return { ok: false, errors }
  problem.merge({ status: 'inactive', resolvedDate: resolved })
  await problem.save()
  return { ok: true, data: problem }
}

export async function stopTherapy(therapy: Therapy, raw: unknown): Promise<Checked<Therapy>> {
  const input = await validateInput<{ end_date: Date }>(stopTherapyValidator, raw)
  if (!input.ok) return input
  const errors: FieldErrors = {}
  const end = toDay(input.data.end_date)
  checkOrder(errors, 'end_date', therapy.startDate, end, 'chart.dates.end_before_start')
  if (hasErrors(errors)) return { ok: false, errors }
  therapy.endDate = end
  await therapy.save()
  return { ok: true, data: therapy }
}
