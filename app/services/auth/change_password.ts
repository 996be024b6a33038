import { DateTime } from 'luxon'
import type User from '#models/user'
import { passwordProblems } from '#services/auth/password_policy'
import { translate as t } from '#services/i18n'

export type ChangePasswordResult = { ok: true } | { ok: false; errors: Record<string, string> }

/** The user changes their own password: current one checked, policy applied, not the same again. */
export async function changePassword(
  user: User,
  input: { currentPassword: string; newPassword: string; confirmation: string }
): Promise<ChangePasswordResult> {
  if (!(await user.verifyPassword(input.currentPassword))) {
    return { ok: false, errors: { currentPassword: t('auth.current_password_wrong') } }
  }
  const problems = passwordProblems(input.newPassword, { username: user.username })
  if (problems.length) return { ok: false, errors: { newPassword: problems.join(' ') } }
  if (input.newPassword !== input.confirmation) {
    return { ok: false, errors: { confirmation: t('auth.password_mismatch') } }
  }
  if (await user.verifyPassword(input.newPassword)) {
    return { ok: false, errors: { newPassword: t('auth.password_same_as_old') } }
  }
  user.password = input.newPassword
  user.mustChangePassword = false
  user.passwordChangedAt = DateTime.now()
  await user.save()
  return { ok: true }
}
