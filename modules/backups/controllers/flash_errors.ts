import type { HttpContext } from '@adonisjs/core/http'

// The backup forms have password fields the core helper does not know about.
const SECRET_FIELDS = ['password', 'password_confirmation', 'export_password', 'export_password_confirmation', '_csrf']

/** Field errors next to the fields, typed values kept, passwords never put in the session. */
export function flashFormErrors(session: HttpContext['session'], errors: Record<string, string>) {
  session.flashExcept(SECRET_FIELDS)
  session.flash('inputErrorsBag', Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, [text]])))
}

export function flashTypedInput(session: HttpContext['session']) {
  session.flashExcept(SECRET_FIELDS)
}
