import app from '@adonisjs/core/services/app'
import { translate } from '#services/i18n'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction && !app.inTest

  /** Our own 404/403/500 pages, in the studio's style (the stack trace goes to the log). */
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (error, { view }) => view.render('pages/errors/forbidden', { error }),
    '404': (error, { view }) => view.render('pages/errors/not_found', { error }),
    '500..599': (error, { view }) => view.render('pages/errors/server_error', { error }),
  }

  async handle(error: unknown, ctx: HttpContext) {
    // Bouncer answers a bare "Access denied": give people the studio's 403 page instead.
    // A refused form post goes back to its page with an Italian message.
    if ((error as { code?: string })?.code === 'E_AUTHORIZATION_FAILURE' && ctx.request.accepts(['html', 'json']) !== 'json') {
      const isForm = ctx.request.method() !== 'GET' && ctx.request.header('HX-Request') !== 'true' && 'session' in ctx
      if (isForm) {
        ctx.session.flash('error', translate('errors.forbidden_text'))
        return ctx.response.redirect().back()
      }
      return ctx.response.status(403).send(await ctx.view.render('pages/errors/forbidden', { error }))
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
