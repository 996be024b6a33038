import type { HttpContext } from '@adonisjs/core/http'
import type Therapy from '#models/therapy'
import { audit } from '#services/audit_log'
import { authorizedPatient } from '#services/chart/chart_access'
import { stopTherapy } from '#services/chart/close_entries'
import { findEntry } from '#services/chart/save_entry'
import { therapies } from '#services/chart/sections/therapies'
import { afterWrite, refuseRowAction } from '#services/chart/section_responses'

/** Therapies: the "stop" quick action of the list (the rest is the generic section). */
export default class ChartTherapiesController {
  async stop(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'editRecord')
    const therapy = (await findEntry(therapies, patient.id, ctx.params.entryId)) as Therapy
    const result = await stopTherapy(therapy, ctx.request.only(['end_date']))
    if (!result.ok) return refuseRowAction(ctx, therapies, patient, therapy.id, Object.values(result.errors)[0])
    await audit(ctx, { action: 'update', entity: 'therapy', entityId: therapy.id, patientId: patient.id, details: { stopped: true } })
    return afterWrite(ctx, therapies, patient, 'chart.therapies.stopped')
  }
}
