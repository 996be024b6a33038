import { errors, type HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Patient from '#models/patient'
import PatientPolicy from '#policies/patient_policy'
import { chartValidators, type ChartSlug } from '#validators/chart/entries'
import { attributesFor, entityOf, listSection, modelOf, problemChoices, SECTION_SLUGS } from '#services/chart/chart_sections'
import { chartSummary, doctorName } from '#services/chart/chart_summary'
import { measurementCharts } from '#services/chart/measurement_chart'
import { MEASUREMENT_KINDS } from '#services/chart/measurement_kinds'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'

/** The clinical record: summary page and the sections (tabs), each a page or an htmx fragment. */
export default class ChartController {
  async show(ctx: HttpContext) {
    const patient = await this.patient(ctx, 'viewRecord')
    await audit(ctx, { action: 'read', entity: 'chart', entityId: patient.id, patientId: patient.id })
    return ctx.view.render('pages/chart/show', {
      patient,
      doctor: await doctorName(patient),
      tab: null,
      ...(await chartSummary(patient)),
    })
  }

  async section(ctx: HttpContext) {
    const slug = this.slug(ctx)
    const patient = await this.patient(ctx, 'viewRecord')
    await audit(ctx, { action: 'read', entity: entityOf(slug), patientId: patient.id })
    return this.render(ctx, patient, slug, 200)
  }

  async store(ctx: HttpContext) {
    const slug = this.slug(ctx)
    const patient = await this.patient(ctx, 'editRecord')
    const Model = modelOf(slug)
    const saved = await this.save(ctx, patient, slug, new Model())
    return saved ?? this.done(ctx, patient, slug, 'chart.added')
  }

  async update(ctx: HttpContext) {
    const slug = this.slug(ctx)
    const patient = await this.patient(ctx, 'editRecord')
    const entry = await this.entry(ctx, slug, patient)
    const saved = await this.save(ctx, patient, slug, entry)
    return saved ?? this.done(ctx, patient, slug, 'chart.updated')
  }

  async destroy(ctx: HttpContext) {
    const slug = this.slug(ctx)
    const patient = await this.patient(ctx, 'editRecord')
    const entry = await this.entry(ctx, slug, patient)
    await entry.delete()
    await audit(ctx, { action: 'delete', entity: entityOf(slug), entityId: entry.id, patientId: patient.id })
    return this.done(ctx, patient, slug, 'chart.removed')
  }

  private slug({ params }: HttpContext): ChartSlug {
    if (!SECTION_SLUGS.includes(params.section)) throw new errors.E_ROUTE_NOT_FOUND([ 'GET', `/pazienti/${params.id}/${params.section}` ])
    return params.section
  }

  private async patient({ params, bouncer }: HttpContext, ability: 'viewRecord' | 'editRecord') {
    const patient = await Patient.findOrFail(params.id)
    await bouncer.with(PatientPolicy).authorize(ability, patient)
    return patient
  }

  /** Entries are always looked up within the patient of the URL. */
  private entry({ params }: HttpContext, slug: ChartSlug, patient: Patient) {
    return modelOf(slug).query().where('id', params.entryId).where('patient_id', patient.id).firstOrFail()
  }

  /** Validates and saves; returns a response only when the input was refused. */
  private async save(ctx: HttpContext, patient: Patient, slug: ChartSlug, entry: any) {
    const raw = ctx.request.all()
    let input: Record<string, any>
    try {
      input = await (chartValidators[slug] as any).validate(raw)
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string> = {}
      for (const m of error.messages as { field: string; message: string }[]) fieldErrors[m.field] ??= m.message
      return this.refuse(ctx, patient, slug, fieldErrors, raw)
    }
    const result = await attributesFor(slug, input, patient)
    if (!result.ok) return this.refuse(ctx, patient, slug, result.errors, raw)
    const isNew = !entry.$isPersisted
    entry.merge({ ...result.attributes, patientId: patient.id })
    if (isNew) entry.createdBy = ctx.auth.user!.id
    await entry.save()
    await audit(ctx, { action: isNew ? 'create' : 'update', entity: entityOf(slug), entityId: entry.id, patientId: patient.id })
    return null
  }

  /** htmx: the section again with the errors and what was typed (422); plain form: back with flash. */
  private async refuse(ctx: HttpContext, patient: Patient, slug: ChartSlug, fieldErrors: Record<string, string>, values: Record<string, any>) {
    if (ctx.request.header('HX-Request') === 'true') return this.render(ctx, patient, slug, 422, fieldErrors, values)
    flashFieldErrors(ctx.session, fieldErrors)
    return ctx.response.redirect().back()
  }

  private async done(ctx: HttpContext, patient: Patient, slug: ChartSlug, message: string) {
    if (ctx.request.header('HX-Request') === 'true') return this.render(ctx, patient, slug, 200)
    ctx.session.flash('success', ctx.t(message))
    return ctx.response.redirect(`/pazienti/${patient.id}/${slug}`)
  }

  private async render(ctx: HttpContext, patient: Patient, slug: ChartSlug, status: number, fieldErrors: Record<string, string> = {}, values: Record<string, any> = {}) {
    const entries = await listSection(slug, patient.id)
    const data = {
      patient,
      tab: slug,
      entries,
      errors: fieldErrors,
      values,
      problems: await problemChoices(patient.id),
      charts: slug === 'misurazioni' ? measurementCharts(entries) : [],
      kinds: MEASUREMENT_KINDS,
    }
    ctx.response.status(status)
    if (ctx.request.header('HX-Request') === 'true') return ctx.view.render(`partials/chart/${slug}`, data)
    return ctx.view.render('pages/chart/section', { ...data, doctor: await doctorName(patient) })
  }
}
