import type { HttpContext } from '@adonisjs/core/http'
import Clinic from '#models/clinic'
import { clinicValidator } from '#validators/admin/clinic'
import { recordAudit } from '#services/audit_log'
import { clinicLayout, renderPdfView } from '#services/pdf/render_pdf'
import { ChromiumMissingError } from '#services/pdf/chromium_path'

/** /admin/ambulatori: the studio's clinics with their print settings (used by the PDF service). */
export default class ClinicsController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    return view.render('pages/admin/clinics/index', { clinics: await Clinic.query().orderBy('name') })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    return view.render('pages/admin/clinics/form', { clinic: null })
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    return view.render('pages/admin/clinics/form', { clinic: await Clinic.findOrFail(params.id) })
  }

  async save(ctx: HttpContext) {
    const { params, request, response, session, bouncer, t } = ctx
    await bouncer.authorize('manageStudio')
    const clinic = params.id ? await Clinic.findOrFail(params.id) : new Clinic()
    const data = await request.validateUsing(clinicValidator)
    clinic.merge({
      name: data.name,
      address: data.address ?? null,
      cap: data.cap ?? null,
      phone: data.phone ?? null,
      email: data.email ?? null,
      isActive: Boolean(data.is_active),
      printFormat: data.print_format,
      printOrientation: data.print_orientation,
      printMarginTopMm: data.print_margin_top_mm,
      printMarginRightMm: data.print_margin_right_mm,
      printMarginBottomMm: data.print_margin_bottom_mm,
      printMarginLeftMm: data.print_margin_left_mm,
    })
    await clinic.save()
    await recordAudit({ user: ctx.auth.user, ip: request.ip() }, { action: params.id ? 'update' : 'create', entity: 'clinic', entityId: clinic.id })
    session.flash('success', t('admin.clinic_saved'))
    return response.redirect('/admin/ambulatori')
  }

  /** A one-page PDF with the frame of the printable area and two barcodes: the printer check. */
  async printTest({ params, response, session, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    const clinic = await Clinic.findOrFail(params.id)
    const layout = await clinicLayout(clinic.id)
    try {
      const pdf = await renderPdfView('pdf/print_test', { clinic, layout, fiscalCode: 'RSSMRA80A01H501U', code128: `AMB-${clinic.id}-PROVA` }, { clinicId: clinic.id })
      response.header('Content-Type', 'application/pdf')
      response.header('Content-Disposition', `inline; filename="prova-stampa-ambulatorio-${clinic.id}.pdf"`)
      return response.send(pdf)
    } catch (error) {
      if (!(error instanceof ChromiumMissingError)) throw error
      session.flash('error', error.message)
      return response.redirect(`/admin/ambulatori/${clinic.id}`)
    }
  }
}
