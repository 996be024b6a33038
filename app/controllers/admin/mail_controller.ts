import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { decodeBody, retryMail } from '#services/mail/outbox'
import { listCaught, listOutbox, listSms, parseAttachments } from '#services/mail/mail_overview'
import { retrySms } from '#services/sms/sms_outbox'
import { mailTransport } from '#services/mail/mail_transport'
import { readDecrypted } from '#services/storage/encrypted_storage'
import { recordAudit } from '#services/audit_log'

/** /admin/posta: the outbox with its states and retries, and the development catcher. */
export default class MailController {
  async index({ request, view, bouncer }: HttpContext) {
    await bouncer.authorize('manageUsers')
    const problems = request.input('filtro') === 'problemi'
    const data = { mails: await listOutbox({ problems }), problems, transport: mailTransport() }
    if (request.header('HX-Request') === 'true') return view.render('partials/admin/mail_outbox', data)
    const caught = data.transport.kind === 'catcher' ? await listCaught() : []
    return view.render('pages/admin/mail/index', { ...data, caught, sms: await listSms() })
  }

  async show(ctx: HttpContext) {
    const { params, view, bouncer, response } = ctx
    await bouncer.authorize('manageUsers')
    const mail = await db.from('outgoing_mails').where('id', params.id).first()
    if (!mail) return response.notFound()
    const secret = Boolean(Number(mail.secret))
    const body = secret ? null : decodeBody(mail)
    await this.#audit(ctx, 'outgoing_mail', mail.id)
    return view.render('pages/admin/mail/show', { mail, secret, text: body?.text ?? '', attachments: parseAttachments(mail.attachments) })
  }

  async retry(ctx: HttpContext) {
    const { params, session, response, bouncer, t } = ctx
    await bouncer.authorize('manageUsers')
    const ok = await retryMail(Number(params.id))
    await recordAudit({ user: ctx.auth.user, ip: ctx.request.ip() }, { action: 'update', entity: 'outgoing_mail', entityId: Number(params.id), details: { retry: ok } })
    session.flash(ok ? 'success' : 'error', t(ok ? 'mail.retried' : 'mail.not_retryable'))
    return response.redirect().back()
  }

  async retrySms(ctx: HttpContext) {
    const { params, session, response, bouncer, t } = ctx
    await bouncer.authorize('manageUsers')
    const ok = await retrySms(Number(params.id))
    await recordAudit({ user: ctx.auth.user, ip: ctx.request.ip() }, { action: 'update', entity: 'sms_message', entityId: Number(params.id), details: { retry: ok } })
    session.flash(ok ? 'success' : 'error', t(ok ? 'mail.retried' : 'mail.not_retryable'))
    return response.redirect().back()
  }

  async caught(ctx: HttpContext) {
    const { params, view, bouncer, response } = ctx
    await bouncer.authorize('manageUsers')
    const mail = await db.from('caught_mails').where('id', params.id).first()
    if (!mail) return response.notFound()
    await this.#audit(ctx, 'caught_mail', mail.id)
    return view.render('pages/admin/mail/caught', { mail, attachments: parseAttachments(mail.attachments) })
  }

  /** The HTML part on its own, sandboxed: no script, no form, no request leaves the frame. */
  async caughtHtml({ params, response, bouncer }: HttpContext) {
    await bouncer.authorize('manageUsers')
    const mail = await db.from('caught_mails').where('id', params.id).select('html').first()
    if (!mail?.html) return response.notFound()
    response.header('Content-Security-Policy', "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'")
    response.header('X-Frame-Options', 'SAMEORIGIN')
    response.header('Content-Type', 'text/html; charset=utf-8')
    return mail.html
  }

  async caughtAttachment(ctx: HttpContext) {
    const { params, response, bouncer } = ctx
    await bouncer.authorize('manageUsers')
    const mail = await db.from('caught_mails').where('id', params.id).select('attachments').first()
    const file = parseAttachments(mail?.attachments ?? null)[Number(params.index)]
    if (!file) return response.notFound()
    await this.#audit(ctx, 'caught_mail_attachment', Number(params.id))
    response.header('Content-Type', 'application/octet-stream')
    response.header('Content-Disposition', `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`)
    return response.stream(await readDecrypted(file.storageKey))
  }

  // Mail bodies may name patients: reading them is recorded like any other read.
  async #audit(ctx: HttpContext, entity: string, id: number) {
    await recordAudit({ user: ctx.auth.user, ip: ctx.request.ip(), method: 'GET', url: ctx.request.url(true) }, { action: 'read', entity, entityId: id })
  }
}
