import type { HttpContext } from '@adonisjs/core/http'
import { changePassword } from '#services/auth/change_password'
import { passwordExpired } from '#services/account_gate'
import { recordAudit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'

export default class PasswordController {
  async edit({ view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    return view.render('pages/auth/change_password', {
      forced: user.mustChangePassword,
      expired: passwordExpired(user),
    })
  }

  async update({ request, response, session, auth, t }: HttpContext) {
    const user = auth.getUserOrFail()
    const result = await changePassword(user, {
      currentPassword: String(request.input('current_password') ?? ''),
      newPassword: String(request.input('new_password') ?? ''),
      confirmation: String(request.input('new_password_confirmation') ?? ''),
    })
    if (!result.ok) {
      flashFieldErrors(session, {
        current_password: result.errors.currentPassword,
        new_password: result.errors.newPassword,
        new_password_confirmation: result.errors.confirmation,
      })
      return response.redirect().back()
    }
    await recordAudit({ user, ip: request.ip() }, { action: 'password_changed', entity: 'user', entityId: user.id })
    session.flash('success', t('auth.password_changed'))
    return response.redirect('/')
  }
}
