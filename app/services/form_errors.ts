import type { HttpContext } from '@adonisjs/core/http'

/**
 * Flash field errors where the `field` component shows them, and keep what the user typed
 * (passwords excepted) for the redirect back.
 */
export function flashFieldErrors(
  session: HttpContext['session'],
  errors: Record<string, string | string[] | undefined>
) {
  const bag: Record<string, string[]> = {}
  for (const [field, message] of Object.entries(errors)) {
    if (message) bag[field] = [message].flat()
  }
  session.flashExcept(['password', 'current_password', 'new_password', 'new_password_confirmation'])
  session.flash('inputErrorsBag', bag)
}
