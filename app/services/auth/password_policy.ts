/*
| The studio's password rules. Returns the Italian reasons a password is refused (empty: accepted).
*/
import { securityPolicy } from '#config/studio'
import { translate as t } from '#services/i18n'

export function passwordProblems(password: string, context: { username?: string } = {}): string[] {
  const problems: string[] = []
  if (password.length < securityPolicy.passwordMinLength) {
    problems.push(t('auth.password_too_short', { n: securityPolicy.passwordMinLength }))
  }
  if (!/[a-zA-Z]/.test(password) || !/[0-9]/.test(password)) {
    problems.push(t('auth.password_letters_digits'))
  }
  if (context.username && password.toLowerCase().includes(context.username.toLowerCase())) {
    problems.push(t('auth.password_contains_username'))
  }
  return problems
}
