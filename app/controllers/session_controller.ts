import type { HttpContext } from '@adonisjs/core/http'
import limiter from '@adonisjs/limiter/services/main'
import { attemptLogin } from '#services/auth/login_attempt'
import { securityPolicy } from '#config/studio'
import { recordAudit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'

export default class SessionController {
  async create({ view }: HttpContext) {
    return view.render('pages/auth/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth, t } = ctx
    const username = String(request.input('username') ?? '').trim()
    const password = String(request.input('password') ?? '')

    const errors: Record<string, string> = {}
    if (!username) errors.username = t('auth.username_required')
    if (!password) errors.password = t('auth.password_required')
    if (Object.keys(errors).length) {
      flashFieldErrors(session, errors)
      return response.redirect().back()
    }

    // Per-address throttle on top of the per-account lockout.
    const throttle = limiter.use({
      requests: securityPolicy.loginRatePerMinute,
      duration: '1 minute',
      blockDuration: '1 minute',
    })
    const outcome = await throttle.attempt(`login:${request.ip()}`, () =>
      attemptLogin(username, password, { ip: request.ip(), method: 'POST', url: '/login' })
    )
    if (!outcome) {
      session.flashExcept(['password'])
      session.flash('error', t('auth.too_many_attempts'))
      return response.status(429).redirect().back()
    }
    if (!outcome.ok) {
      session.flashExcept(['password'])
      session.flash('error', outcome.message)
      return response.redirect().back()
    }

    await auth.use('web').login(outcome.user)
    if (outcome.mustChangePassword) {
      session.flash('info', t('auth.must_change_password'))
      return response.redirect('/profilo/password')
    }
    return response.redirect('/')
  }

  async destroy({ auth, response, request }: HttpContext) {
    const user = auth.user
    await auth.use('web').logout()
    if (user) {
      await recordAudit({ user, ip: request.ip() }, { action: 'logout', entity: 'user', entityId: user.id })
    }
    return response.redirect('/login')
  }
}
