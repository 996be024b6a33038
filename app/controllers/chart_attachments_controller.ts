import type { HttpContext } from '@adonisjs/core/http'
import { open } from 'node:fs/promises'
import { extname as pathExtname } from 'node:path'
import Patient from '#models/patient'
import Attachment from '#models/attachment'
import PatientPolicy from '#policies/patient_policy'
import { attachmentPolicy } from '#config/studio'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { contentMatchesExtension, MIME_TYPES } from '#services/chart/file_signature'
import { readDecrypted, removeStored, StorageIntegrityError, storeEncryptedFile } from '#services/storage/encrypted_storage'
import { doctorName } from '#services/chart/chart_summary'

/** Attachments of the clinical record: uploaded, checked, stored encrypted, streamed back decrypted. */
export default class ChartAttachmentsController {
  async index(ctx: HttpContext) {
    const patient = await this.patient(ctx, 'viewRecord')
    await audit(ctx, { action: 'read', entity: 'attachment', patientId: patient.id })
    return this.render(ctx, patient, 200)
  }

  async store(ctx: HttpContext) {
    const { request, t } = ctx
    const patient = await this.patient(ctx, 'editRecord')
    const file = request.file('file', { size: `${attachmentPolicy.maxBytes}b` })
    // The extension the user gave the file; its content is checked against it below.
    const extension = pathExtname(file?.clientName ?? '').slice(1).toLowerCase()
    const error = !file
      ? t('chart.attachment_missing')
      : file.hasErrors && file.errors.some((e) => e.type === 'size')
        ? t('chart.attachment_too_big', { max: attachmentPolicy.maxBytes / 1024 / 1024 })
        : !attachmentPolicy.extensions.includes(extension)
          ? t('chart.attachment_bad_type', { types: attachmentPolicy.extensions.join(', ') })
          : !(await this.contentOk(file.tmpPath!, extension))
            ? t('chart.attachment_content_mismatch')
            : null
    if (error) return this.refuse(ctx, patient, { file: error }, request.all())

    const stored = await storeEncryptedFile(file!.tmpPath!)
    let attachment: Attachment
    try {
      attachment = await Attachment.create({
        patientId: patient.id,
        createdBy: ctx.auth.user!.id,
        category: 'attachment',
        originalName: (file!.clientName ?? 'allegato').slice(0, 200),
        mimeType: MIME_TYPES[extension],
        sizeBytes: stored.sizeBytes,
        storageKey: stored.storageKey,
        sha256: stored.sha256,
        description: String(request.input('description') ?? '').slice(0, 300) || null,
      })
    } catch (dbError) {
      // Nothing stored half: no row, no orphan file.
      await removeStored(stored.storageKey)
      throw dbError
    }
    await audit(ctx, { action: 'create', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    if (request.header('HX-Request') === 'true') return this.render(ctx, patient, 200)
    ctx.session.flash('success', t('chart.attachment_uploaded'))
    return ctx.response.redirect(`/pazienti/${patient.id}/allegati`)
  }

  async download(ctx: HttpContext) {
    const patient = await this.patient(ctx, 'viewRecord')
    const attachment = await Attachment.query().where('id', ctx.params.entryId).where('patient_id', patient.id).firstOrFail()
    let stream
    try {
      stream = await readDecrypted(attachment.storageKey)
    } catch (error) {
      if (error instanceof StorageIntegrityError) {
        ctx.session.flash('error', ctx.t('chart.attachment_damaged'))
        return ctx.response.redirect(`/pazienti/${patient.id}/allegati`)
      }
      throw error
    }
    await audit(ctx, { action: 'download', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    ctx.response.header('Content-Type', attachment.mimeType)
    ctx.response.header('Content-Disposition', `attachment; filename="${attachment.originalName.replace(/["\r\n]/g, '')}"`)
    ctx.response.header('X-Content-Type-Options', 'nosniff')
    ctx.response.header('Cache-Control', 'no-store')
    return ctx.response.stream(stream)
  }

  async destroy(ctx: HttpContext) {
    const patient = await this.patient(ctx, 'editRecord')
    const attachment = await Attachment.query().where('id', ctx.params.entryId).where('patient_id', patient.id).firstOrFail()
    await attachment.delete()
    await removeStored(attachment.storageKey)
    await audit(ctx, { action: 'delete', entity: 'attachment', entityId: attachment.id, patientId: patient.id })
    if (ctx.request.header('HX-Request') === 'true') return this.render(ctx, patient, 200)
    ctx.session.flash('success', ctx.t('chart.removed'))
    return ctx.response.redirect(`/pazienti/${patient.id}/allegati`)
  }

  private async contentOk(path: string, extname: string) {
    const handle = await open(path, 'r')
    try {
      const head = Buffer.alloc(512)
      const { bytesRead } = await handle.read(head, 0, 512, 0)
      return contentMatchesExtension(extname, head.subarray(0, bytesRead))
    } finally {
      await handle.close()
    }
  }

  private async patient({ params, bouncer }: HttpContext, ability: 'viewRecord' | 'editRecord') {
    const patient = await Patient.findOrFail(params.id)
    await bouncer.with(PatientPolicy).authorize(ability, patient)
    return patient
  }

  private async refuse(ctx: HttpContext, patient: Patient, errors: Record<string, string>, values: Record<string, any>) {
    if (ctx.request.header('HX-Request') === 'true') return this.render(ctx, patient, 422, errors, values)
    flashFieldErrors(ctx.session, errors)
    return ctx.response.redirect().back()
  }

  private async render(ctx: HttpContext, patient: Patient, status: number, errors: Record<string, string> = {}, values: Record<string, any> = {}) {
    const entries = await Attachment.query().where('patient_id', patient.id).orderBy('created_at', 'desc').limit(200)
    const data = { patient, tab: 'allegati', entries, errors, values, maxMb: attachmentPolicy.maxBytes / 1024 / 1024, extensions: attachmentPolicy.extensions }
    ctx.response.status(status)
    if (ctx.request.header('HX-Request') === 'true') return ctx.view.render('partials/chart/allegati', data)
    return ctx.view.render('pages/chart/section', { ...data, doctor: await doctorName(patient) })
  }
}
