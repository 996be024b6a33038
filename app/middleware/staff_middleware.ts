import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { accountGate } from '#services/account_gate'

/**
 * After authentication: a disabled account is signed out, and a user who must change the
 * password (first login, admin reset, expiry) can reach only the change-password page.
 */
export default class StaffMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const user = ctx.auth.getUserOrFail()
    const gate = accountGate(user)
    if (gate === 'disabled') {
      await ctx.auth.use('web').logout()
      ctx.session.flash('error', ctx.t('auth.account_disabled'))
      return ctx.response.redirect('/login')
    }
    if (gate === 'must_change_password' && !ctx.request.url().startsWith('/profilo/password')) {
      return ctx.response.redirect('/profilo/password')
    }
    return next()
  }
}
