import type { HttpContext } from '@adonisjs/core/http'
import Clinic from '#models/clinic'
import { audit } from '#services/audit_log'
import { listPads, registerPad, deactivatePad, type RegisterWarning } from '../services/red/red_pads.js'
import { printRed, type PrintRedResult } from '../services/red/print_red.js'
import { printPage } from '../services/red/print_page.js'
import { redPrescriptionPdf, RedPrintError } from '../services/red/red_pdf.js'
import { defaultFilter, redSummary } from '../services/red/red_summary.js'
import { retryTransmission, sendAllQueued } from '../services/red/send_red.js'
import { checkRedVerdicts } from '../services/red/check_red.js'

/** Only a page of Gestione Studio may be the way back from the pad form. */
const safeReturn = (value: unknown) => (typeof value === 'string' && /^\/gestione-studio\/[\w\-/]*$/.test(value) ? value : null)

/**
 * Red prescriptions: the pads in the printers (ricettari), printing a prescription on the next
 * sheet, the PDF for the sheet, and the summary of the transmissions to the MEF.
 */
export default class RedPadsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('prescriptions.use' as any)
    return this.#padsPage(ctx, {}, [], 200)
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const result = await registerPad(auth.user!, {
      printerName: String(request.input('printer_name') ?? ''),
      clinicId: Number(request.input('clinic_id')) || null,
      firstSheet: String(request.input('first_sheet') ?? ''),
      direction: String(request.input('direction') ?? ''),
      confirmed: request.input('confirm') === '1',
    })
    if (result.status === 'invalid') return this.#padsPage(ctx, result.errors, [], 422)
    if (result.status === 'needs_confirmation') return this.#padsPage(ctx, {}, result.warnings, 422)
    await audit(ctx, { action: 'create', entity: 'red_pad', entityId: result.id, details: { warnings: result.warnings.map((w) => w.kind) } })
    session.flash('success', t('prescriptions_red.pad_saved'))
    return response.redirect(safeReturn(request.input('return_to')) ?? '/gestione-studio/ricettari')
  }

  async deactivate(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    if (await deactivatePad(Number(params.padId))) {
      await audit(ctx, { action: 'update', entity: 'red_pad', entityId: Number(params.padId), details: { active: false } })
      session.flash('success', t('prescriptions_red.pad_retired'))
    }
    return response.redirect('/gestione-studio/ricettari')
  }

  async #padsPage(ctx: HttpContext, errors: Record<string, string>, warnings: RegisterWarning[], status: number) {
    const { request, response, view } = ctx
    const pads = await listPads()
    const clinics = await Clinic.query().where('is_active', true).orderBy('name')
    const data = {
      pads,
      printerNames: [...new Set(pads.map((p) => p.printerName))],
      clinicOptions: [{ value: '', label: ctx.t('prescriptions_red.any_clinic') }, ...clinics.map((c) => ({ value: c.id, label: c.name }))],
      errors,
      warnings,
      values: {
        printer_name: request.input('printer_name') ?? request.input('stampante') ?? '',
        clinic_id: request.input('clinic_id') ?? request.input('sede') ?? '',
        first_sheet: request.input('first_sheet') ?? '',
        direction: request.input('direction') ?? 'ascending',
      },
      returnTo: safeReturn(request.input('return_to') ?? request.input('ritorno')),
    }
    response.status(status)
    const template = request.header('HX-Request') === 'true' ? 'prescriptions::pages/red_pad_form' : 'prescriptions::pages/red_pads'
    return view.render(template, data)
  }

  async printForm(ctx: HttpContext) {
    await ctx.bouncer.authorize('prescriptions.use' as any)
    return this.#printPage(ctx, null, 200)
  }

  async print(ctx: HttpContext) {
    const { params, request, response, session, auth, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const result = await printRed(auth.user!, Number(params.id), Number(request.input('pad_id')))
    if (result.status !== 'printed') {
      const status = result.status === 'forbidden' ? 403 : result.status === 'exhausted' ? 409 : 422
      return this.#printPage(ctx, result, status)
    }
    await audit(ctx, { action: 'update', entity: 'prescription', entityId: Number(params.id), details: { red: result.code.code, padId: result.padId } })
    session.flash('success', t('prescriptions_red.printed', { code: `${result.code.bar1} ${result.code.bar2}`, remaining: result.remaining }))
    return response.redirect(`/gestione-studio/${params.id}/ricetta-rossa`)
  }

  async #printPage(ctx: HttpContext, outcome: PrintRedResult | null, status: number) {
    const page = await printPage(ctx.auth.user!, Number(ctx.params.id))
    if (!page) return ctx.response.notFound()
    await audit(ctx, { action: 'read', entity: 'prescription', entityId: page.panel.id, patientId: page.panel.patientId, details: { red: true } })
    const back = new URLSearchParams({ ritorno: `/gestione-studio/${page.panel.id}/ricetta-rossa` })
    if (outcome?.status === 'exhausted') back.set('stampante', outcome.printerName)
    ctx.response.status(status)
    return ctx.view.render('prescriptions::pages/red_print', { ...page, outcome, newPadUrl: `/gestione-studio/ricettari?${back}` })
  }

  async pdf(ctx: HttpContext) {
    const { params, response, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    try {
      const pdf = await redPrescriptionPdf(Number(params.id))
      await audit(ctx, { action: 'read', entity: 'red_prescription', entityId: Number(params.id) })
      response.header('Content-Type', 'application/pdf')
      response.header('Content-Disposition', `inline; filename="ricetta-rossa-${params.id}.pdf"`)
      return response.send(pdf)
    } catch (error) {
      if (!(error instanceof RedPrintError)) throw error
      return response.notFound(error.message)
    }
  }

  async transmissions(ctx: HttpContext) {
    const { request, view, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const filter = defaultFilter(request.qs())
    await audit(ctx, { action: 'read', entity: 'red_transmissions', details: { ...filter } })
    return view.render('prescriptions::pages/red_transmissions', { filter, summary: await redSummary(filter) })
  }

  async retry(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const result = await retryTransmission(Number(params.id))
    if (result.ok) session.flash('success', t('prescriptions_red.retry_queued'))
    else session.flash('error', result.reason)
    return response.redirect().back()
  }

  async sendQueued(ctx: HttpContext) {
    const { response, session, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    session.flash('success', t('prescriptions_red.queued_sent', { n: await sendAllQueued() }))
    return response.redirect().back()
  }

  /** "Verifica esiti": asks the MEF now for the verdict on the files it has only protocolled. */
  async checkVerdicts(ctx: HttpContext) {
    const { response, session, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const report = await checkRedVerdicts()
    if (!report.supported) session.flash('error', t('prescriptions_red.verdicts_unsupported'))
    else session.flash(report.notReached ? 'error' : 'success', t('prescriptions_red.verdicts_checked', report as any))
    return response.redirect().back()
  }
}
