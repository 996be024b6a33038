import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { translate } from '#services/i18n'
import { navigationFor } from '#services/navigation'
import studioModules from '#services/studio_modules'

/**
 * A live refresh (an htmx GET for a fragment) may reach the server between a form's redirect
 * and the page that shows its message: it must not use up the flash the page is waiting for.
 */
function keepFlashForFragments({ request, session }: HttpContext) {
  const fragment = request.header('HX-Request') === 'true' && request.method() === 'GET' && request.header('HX-History-Restore-Request') !== 'true'
  if (fragment && !session.flashMessages.isEmpty) session.reflash()
}

/** Shares the translator and the navigation of the signed-in user with every view. */
export default class ViewGlobalsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    ctx.t = translate
    keepFlashForFragments(ctx)
    await ctx.auth.check()
    const user = ctx.auth.user ?? null
    ctx.view.share({
      t: translate,
      currentUser: user,
      navigation: user ? navigationFor(user) : [],
      moduleBanners: user ? studioModules.bannersFor(user) : [],
      currentPath: ctx.request.url(),
      isHtmx: ctx.request.header('HX-Request') === 'true',
    })
    return next()
  }
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    t: typeof translate
  }
}
