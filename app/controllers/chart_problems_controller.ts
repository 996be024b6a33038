import type { HttpContext } from '@adonisjs/core/http'
import type Problem from '#models/problem'
import { audit } from '#services/audit_log'
import { authorizedPatient } from '#services/chart/chart_access'
import { resolveProblem } from '#services/chart/close_entries'
import { findEntry } from '#services/chart/save_entry'
import { problems } from '#services/chart/sections/problems'
import { afterWrite, refuseRowAction } from '#services/chart/section_responses'

/** Problems: the "resolve" quick action of the list (the rest is the generic section). */
export default class ChartProblemsController {
  async resolve(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'editRecord')
    const problem = (await findEntry(problems, patient.id, ctx.params.entryId)) as Problem
    const result = await resolveProblem(problem, patient, ctx.request.only(['resolved_date']))
    if (!result.ok) return refuseRowAction(ctx, problems, patient, problem.id, Object.values(result.errors)[0])
    await audit(ctx, { action: 'update', entity: 'problem', entityId: problem.id, patientId: patient.id, details: { resolved: true } })
    return afterWrite(ctx, problems, patient, 'chart.problems.resolved')
  }
}
