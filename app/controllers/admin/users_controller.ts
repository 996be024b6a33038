import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import User from '#models/user'
import { accountValidator, accountUpdateValidator } from '#validators/admin/account'
import { createAccount, resetPassword, setAssociates, setEnabled, unlockAccount, updateAccount } from '#services/admin/user_accounts'
import { recordAudit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { securityPolicy } from '#config/studio'

const actor = (ctx: HttpContext) => ({ user: ctx.auth.user, ip: ctx.request.ip(), method: ctx.request.method(), url: ctx.request.url() })

/** The form's snake_case fields as the account service takes them. */
function profileInput(data: {
  first_name: string
  last_name: string
  email?: string
  role: 'admin' | 'titolare' | 'sostituto' | 'collaboratore'
  fiscal_code?: string
  regional_code?: string
  asl_code?: string
  unrestricted_rights?: boolean
}) {
  return {
    firstName: data.first_name,
    lastName: data.last_name,
    email: data.email,
    role: data.role,
    fiscalCode: data.fiscal_code,
    regionalCode: data.regional_code,
    aslCode: data.asl_code,
    unrestrictedRights: data.unrestricted_rights,
  }
}

/** /admin/utenti: staff accounts, for the administrator only. */
export default class UsersController {
  async index({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageUsers')
    const users = await User.query().orderBy('role').orderBy('last_name')
    return view.render('pages/admin/users/index', { users, expiryDays: securityPolicy.passwordExpiryDays })
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.authorize('manageUsers')
    return view.render('pages/admin/users/form', { account: null, doctors: [] })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, bouncer, t } = ctx
    await bouncer.authorize('manageUsers')
    const data = await this.validate(ctx, accountValidator)
    if (!data) return response.redirect().back()
    const result = await createAccount({ ...profileInput(data), username: data.username, password: data.password })
    if (!result.ok) {
      flashFieldErrors(session, result.errors)
      return response.redirect().back()
    }
    await recordAudit(actor(ctx), { action: 'create', entity: 'user', entityId: result.user.id, details: { username: result.user.username, role: result.user.role } })
    session.flash('success', t('admin.user_created', { username: result.user.username }))
    if (result.temporaryPassword) session.flash('temporaryPassword', result.temporaryPassword)
    void request
    return response.redirect(`/admin/utenti/${result.user.id}`)
  }

  async edit({ params, view, bouncer }: HttpContext) {
    await bouncer.authorize('manageUsers')
    const account = await User.query().where('id', params.id).preload('associates').firstOrFail()
    const doctors = await User.query().whereIn('role', ['titolare', 'sostituto']).whereNot('id', account.id).orderBy('last_name')
    return view.render('pages/admin/users/form', { account, doctors, associateIds: account.associates.map((a) => a.id) })
  }

  async update(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.authorize('manageUsers')
    const account = await User.findOrFail(params.id)
    const data = await this.validate(ctx, accountUpdateValidator)
    if (!data) return response.redirect().back()
    const result = await updateAccount(account, profileInput(data))
    if (!result.ok) {
      flashFieldErrors(session, result.errors)
      return response.redirect().back()
    }
    if (account.role === 'titolare') await setAssociates(account, data.associates ?? [])
    await recordAudit(actor(ctx), { action: 'update', entity: 'user', entityId: account.id, details: { role: account.role, unrestrictedRights: account.unrestrictedRights, associates: data.associates ?? [] } })
    session.flash('success', t('admin.user_updated'))
    return response.redirect(`/admin/utenti/${account.id}`)
  }

  /** Enable, disable, unlock or reset the password of one user. */
  async action(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.authorize('manageUsers')
    const account = await User.findOrFail(params.id)
    switch (params.action) {
      case 'abilita':
      case 'disabilita': {
        const result = await setEnabled(account, params.action === 'abilita')
        if (!result.ok) {
          session.flash('error', result.error!)
          return response.redirect().back()
        }
        break
      }
      case 'sblocca':
        await unlockAccount(account)
        break
      case 'reimposta-password':
        session.flash('temporaryPassword', await resetPassword(account))
        break
      default:
        return response.notFound()
    }
    await recordAudit(actor(ctx), { action: params.action.replace('-', '_'), entity: 'user', entityId: account.id })
    session.flash('success', t(`admin.done_${params.action.replace('-', '_')}`, { username: account.username }))
    return response.redirect(`/admin/utenti/${account.id}`)
  }

  private async validate<T>({ request, session, t }: HttpContext, validator: { validate(data: unknown): Promise<T> }) {
    try {
      const data = request.all()
      // One ticked checkbox arrives as a plain value, several as a list.
      if (data.associates !== undefined) data.associates = [data.associates].flat().filter((v) => v !== null && v !== '')
      return await validator.validate(data)
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string> = {}
      for (const m of error.messages as { field: string; message: string }[]) fieldErrors[m.field] ??= m.message
      flashFieldErrors(session, fieldErrors)
      session.flash('error', t('patients.form_errors'))
      return null
    }
  }
}
