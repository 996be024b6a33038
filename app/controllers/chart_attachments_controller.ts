import { errors, type HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import type Patient from '#models/patient'
import Attachment from '#models/attachment'
import { attachmentPolicy } from '#config/studio'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { authorizedPatient, wantsFragment } from '#services/chart/chart_access'
import { renderChartPage } from '#services/chart/section_responses'
import { validateInput, type FieldErrors } from '#services/chart/field_errors'
import { checkUpload, maxMegabytes } from '#services/chart/attachments/check_upload'
import { listAttachments, removeAttachment, storeAttachment } from '#services/chart/attachments/store_attachment'
import { contentDisposition } from '#services/chart/attachments/content_disposition'
import { readDecrypted, StorageReadError } from '#services/storage/encrypted_storage'
import { attachmentValidator } from '#validators/chart/attachment'

/** Attachments of the clinical record: uploaded, checked, stored encrypted, streamed back decrypted. */
export default class ChartAttachmentsController {
  async index(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'viewRecord')
    await audit(ctx, { action: 'read', entity: 'attachment', entityId: null, patientId: patient.id, details: { tab: 'allegati' } })
    return this.render(ctx, patient, 200)
  }

  async store(ctx: HttpContext) {
    const { request } = ctx
    const patient = await authorizedPatient(ctx, 'editRecord')
    const file = request.file('file', { size: attachmentPolicy.maxBytes })
    const text = await validateInput<{ description?: string }>(attachmentValidator, request.only(['description']))
    const upload = await checkUpload(file)
    const fieldErrors: FieldErrors = { ...(text.ok ? {} : text.errors), ...(upload.ok ? {} : { file: upload.error }) }
    if (!upload.ok || !text.ok) return this.refuse(ctx, patient, fieldErrors)

    const attachment = await storeAttachment({
      patientId: patient.id,
      createdBy: ctx.auth.user!.id,
      tmpPath: file!.tmpPath!,
      originalName: file!.clientName,
      mimeType: upload.mimeType,
      description: text.data.description ?? null,
    })
    await audit(ctx, { action: 'create', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    return this.afterWrite(ctx, patient, 'chart.attachments.uploaded')
  }

  async download(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'viewRecord')
    const attachment = await this.attachment(ctx, patient)
    let content
    try {
      content = await readDecrypted(attachment.storageKey)
    } catch (error) {
      if (!(error instanceof StorageReadError)) throw error
      // Never send a damaged or altered file as if it were good: say so, and leave a trace.
      logger.error({ err: error, attachmentId: attachment.id }, 'attachment cannot be decrypted')
      await audit(ctx, { action: 'download', entity: 'attachment', entityId: attachment.id, patientId: patient.id, details: { failed: 'integrity' } })
      ctx.session.flash('error', ctx.t('chart.attachments.damaged'))
      return ctx.response.redirect(`/pazienti/${patient.id}/allegati`)
    }
    await audit(ctx, { action: 'download', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    ctx.response.header('Content-Type', attachment.mimeType)
    ctx.response.header('Content-Length', String(attachment.sizeBytes))
    ctx.response.header('Content-Disposition', contentDisposition(attachment.originalName))
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Cache-Control', 'private, no-store')
    return ctx.response.stream(content)
  }

  async destroy(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'editRecord')
    const attachment = await this.attachment(ctx, patient)
    await removeAttachment(attachment)
    await audit(ctx, { action: 'delete', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    return this.afterWrite(ctx, patient, 'chart.removed')
  }

  /** POST /pazienti/:id/allegati/:entryId with _method=DELETE in the form body. */
  async dispatch(ctx: HttpContext) {
    if (String(ctx.request.input('_method', '')).toUpperCase() === 'DELETE') return this.destroy(ctx)
    throw new errors.E_ROUTE_NOT_FOUND(['POST', ctx.request.url()])
  }

  /** Looked up within the patient of the URL: another patient's attachment id is a 404. */
  private attachment({ params }: HttpContext, patient: Patient) {
    return Attachment.query().where('id', Number(params.entryId)).where('patient_id', patient.id).firstOrFail()
  }

  private async refuse(ctx: HttpContext, patient: Patient, fieldErrors: FieldErrors) {
    const values = ctx.request.only(['description'])
    if (wantsFragment(ctx)) return this.render(ctx, patient, 422, fieldErrors, values)
    flashFieldErrors(ctx.session, fieldErrors)
    ctx.session.flash('error', ctx.t('chart.form_errors'))
    return ctx.response.redirect(`/pazienti/${patient.id}/allegati#chart-form`)
  }

  private async afterWrite(ctx: HttpContext, patient: Patient, message: string) {
    if (wantsFragment(ctx)) return this.render(ctx, patient, 200)
    ctx.session.flash('success', ctx.t(message))
    return ctx.response.redirect(`/pazienti/${patient.id}/allegati`)
  }

  private async render(ctx: HttpContext, patient: Patient, status: number, fieldErrors: FieldErrors = {}, values: Record<string, unknown> = {}) {
    const data = {
      patient,
      tab: 'allegati',
      entries: await listAttachments(patient.id),
      errors: fieldErrors,
      values,
      maxMb: maxMegabytes(),
      extensions: attachmentPolicy.extensions,
    }
    const html = await renderChartPage(ctx, 'partials/chart/sections/allegati', 'pages/chart/section', data)
    return ctx.response.status(status).send(html)
  }
}
