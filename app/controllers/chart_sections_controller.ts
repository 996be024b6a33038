import { errors, type HttpContext } from '@adonisjs/core/http'
import type Patient from '#models/patient'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { authorizedPatient, wantsFragment } from '#services/chart/chart_access'
import type { FieldErrors } from '#services/chart/field_errors'
import { findEntry, saveEntry } from '#services/chart/save_entry'
import { sectionFor } from '#services/chart/sections/index'
import { isSectionSlug, type ChartSection } from '#services/chart/sections/section'
import { afterWrite, renderSection } from '#services/chart/section_responses'

/**
 * The sections (tabs) of the clinical record: problems, therapies, exams, measurements,
 * vaccinations, exemptions, diary. Each is a page, or with htmx the section fragment; entries
 * are added, changed and removed with inline forms that also work without JavaScript.
 */
export default class ChartSectionsController {
  /** The tab; `?modifica=<id>` opens an entry in the form. */
  async index(ctx: HttpContext) {
    const section = this.section(ctx)
    const patient = await authorizedPatient(ctx, 'viewRecord')
    const editId = ctx.request.input('modifica')
    const editing = editId ? await findEntry(section, patient.id, editId) : null
    // Back from a refused plain form: what was typed (flashed) fills the form, not the entry.
    const values = ctx.session.flashMessages.has('inputErrorsBag') ? {} : undefined
    await audit(ctx, {
      action: 'read',
      entity: section.entity,
      entityId: editing?.id ?? null,
      patientId: patient.id,
      details: { tab: section.slug },
    })
    return renderSection(ctx, section, patient, 200, { editing, values })
  }

  async store(ctx: HttpContext) {
    const section = this.section(ctx)
    const patient = await authorizedPatient(ctx, 'editRecord')
    return this.save(ctx, section, patient, null)
  }

  async update(ctx: HttpContext) {
    const section = this.section(ctx)
    const patient = await authorizedPatient(ctx, 'editRecord')
    const entry = await findEntry(section, patient.id, ctx.params.entryId)
    return this.save(ctx, section, patient, entry)
  }

  async destroy(ctx: HttpContext) {
    const section = this.section(ctx)
    const patient = await authorizedPatient(ctx, 'editRecord')
    const entry = await findEntry(section, patient.id, ctx.params.entryId)
    await entry.delete()
    await audit(ctx, { action: 'delete', entity: section.entity, entityId: entry.id, patientId: patient.id })
    return afterWrite(ctx, section, patient, 'chart.removed')
  }

  /** POST /pazienti/:id/<tab>/:entryId with _method=PUT|DELETE in the form body. */
  async dispatch(ctx: HttpContext) {
    const method = String(ctx.request.input('_method', '')).toUpperCase()
    if (method === 'PUT' || method === 'PATCH') return this.update(ctx)
    if (method === 'DELETE') return this.destroy(ctx)
    throw new errors.E_ROUTE_NOT_FOUND(['POST', ctx.request.url()])
  }

  private section({ params, request }: HttpContext): ChartSection {
    if (!isSectionSlug(params.section)) throw new errors.E_ROUTE_NOT_FOUND([request.method(), request.url()])
    return sectionFor(params.section)
  }

  private async save(ctx: HttpContext, section: ChartSection, patient: Patient, entry: any) {
    const raw = ctx.request.except(['_csrf', '_method'])
    const result = await saveEntry(section, patient, raw, { entry: entry ?? undefined, userId: ctx.auth.user!.id })
    if (!result.ok) return this.refuse(ctx, section, patient, result.errors, raw, entry)
    await audit(ctx, {
      action: result.created ? 'create' : 'update',
      entity: section.entity,
      entityId: result.entry.id,
      patientId: patient.id,
    })
    return afterWrite(ctx, section, patient, result.created ? 'chart.added' : 'chart.updated')
  }

  /** htmx: the section again with the errors and what was typed (422); plain form: back with flash. */
  private async refuse(ctx: HttpContext, section: ChartSection, patient: Patient, fieldErrors: FieldErrors, values: Record<string, unknown>, editing: any) {
    if (wantsFragment(ctx)) return renderSection(ctx, section, patient, 422, { errors: fieldErrors, values, editing })
    flashFieldErrors(ctx.session, fieldErrors)
    ctx.session.flash('error', ctx.t('chart.form_errors'))
    const back = `/pazienti/${patient.id}/${section.slug}${editing ? `?modifica=${editing.id}` : ''}`
    return ctx.response.redirect(`${back}#chart-form`)
  }
}
