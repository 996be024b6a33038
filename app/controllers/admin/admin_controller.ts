import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import Studio from '#models/studio'
import { studioValidator } from '#validators/admin/account'
import { searchAuditLog, type AuditFilters } from '#services/admin/search_audit_log'
import { recordAudit } from '#services/audit_log'
import studioModules from '#services/studio_modules'

/** The administration home, studio settings, the audit log and the outgoing mail. */
export default class AdminController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    const [{ users }] = await db.from('users').count('* as users')
    const [{ locked }] = await db.from('users').whereNotNull('locked_at').count('* as locked')
    return view.render('pages/admin/index', { users: Number(users), locked: Number(locked), modules: studioModules.list })
  }

  async studio({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageStudio')
    return view.render('pages/admin/studio', { studio: await Studio.first() })
  }

  async saveStudio(ctx: HttpContext) {
    const { request, response, session, bouncer, t } = ctx
    await bouncer.authorize('manageStudio')
    const data = await request.validateUsing(studioValidator)
    const studio = (await Studio.first()) ?? new Studio()
    studio.merge({
      name: data.name,
      groupCode: data.group_code ?? null,
      aslCode: data.asl_code ?? null,
      address: data.address ?? null,
      phone: data.phone ?? null,
      email: data.email ?? null,
    })
    await studio.save()
    await recordAudit({ user: ctx.auth.user, ip: request.ip() }, { action: 'update', entity: 'studio', entityId: studio.id })
    session.flash('success', t('admin.studio_saved'))
    return response.redirect('/admin/studio')
  }

  async audit(ctx: HttpContext) {
    const { request, view, bouncer } = ctx
    await bouncer.authorize('readAuditLog')
    const filters: AuditFilters = {
      patient: request.input('patient') ?? undefined,
      user: request.input('user') ?? undefined,
      action: request.input('action') ?? undefined,
      entity: request.input('entity') ?? undefined,
      from: request.input('from') ?? undefined,
      to: request.input('to') ?? undefined,
      page: Number(request.input('page', 1)) || 1,
    }
    const result = await searchAuditLog(filters)
    // Reading the audit log is itself an access to patient data.
    await recordAudit({ user: ctx.auth.user, ip: request.ip(), method: 'GET', url: request.url(true) }, { action: 'read', entity: 'audit_log', details: filters as any })
    const template = request.header('HX-Request') === 'true' ? 'partials/admin/audit_rows' : 'pages/admin/audit'
    return view.render(template, { ...result, filters, query: request.qs() })
  }
}
