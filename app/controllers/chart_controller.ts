import type { HttpContext } from '@adonisjs/core/http'
import { audit } from '#services/audit_log'
import { authorizedPatient } from '#services/chart/chart_access'
import { chartHeader } from '#services/chart/chart_header'
import { chartSummary } from '#services/chart/chart_summary'
import { kindLabel } from '#services/chart/measurement_kinds'
import { renderChartPage } from '#services/chart/section_responses'

/** The chart's front page: the patient header and the summary a doctor reads at every visit. */
export default class ChartController {
  async show(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'viewRecord')
    const [header, summary] = await Promise.all([chartHeader(patient), chartSummary(patient)])
    await audit(ctx, { action: 'read', entity: 'chart', entityId: patient.id, patientId: patient.id })
    const data = { patient, header, tab: null, kindLabel, ...summary }
    return renderChartPage(ctx, 'partials/chart/summary', 'pages/chart/show', data)
  }
}
