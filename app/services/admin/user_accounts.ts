/*
| Staff accounts as the administrator manages them. Every change is audited by the caller.
*/
import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import User, { ROLES } from '#models/user'
import { passwordProblems } from '#services/auth/password_policy'
import { translate as t } from '#services/i18n'
import type { Role } from '#core/modules/define_module'

export interface AccountInput {
  username: string
  firstName: string
  lastName: string
  email?: string | null
  role: Role
  fiscalCode?: string | null
  regionalCode?: string | null
  aslCode?: string | null
  unrestrictedRights?: boolean
  password?: string | null
}

export type AccountResult = { ok: true; user: User; temporaryPassword?: string } | { ok: false; errors: Record<string, string> }

/** A readable temporary password (no 0/O, 1/l) that satisfies the policy. */
export function temporaryPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ'
  const digits = '23456789'
  let out = ''
  for (let i = 0; i < 8; i++) out += letters[randomInt(letters.length)]
  for (let i = 0; i < 3; i++) out += digits[randomInt(digits.length)]
  return out
}

async function isLastActiveAdmin(user: User) {
  if (user.role !== 'admin') return false
  const others = await User.query().where('role', 'admin').where('is_enabled', true).whereNot('id', user.id).count('* as n')
  return Number(others[0].$extras.n) === 0
}

/** Model attributes of the editable profile fields. */
function profileAttributes(input: Omit<AccountInput, 'username' | 'password'>) {
  return {
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email ?? null,
    role: input.role,
    fiscalCode: input.fiscalCode ?? null,
    regionalCode: input.regionalCode ?? null,
    aslCode: input.aslCode ?? null,
    unrestrictedRights: input.role === 'collaboratore' && Boolean(input.unrestrictedRights),
  }
}

export async function createAccount(input: AccountInput): Promise<AccountResult> {
  const errors: Record<string, string> = {}
  const username = input.username.trim().toLowerCase()
  if (!/^[a-z0-9._-]{3,60}$/.test(username)) errors.username = t('admin.username_format')
  else if (await User.findBy('username', username)) errors.username = t('admin.username_taken')
  if (!ROLES.includes(input.role)) errors.role = t('admin.role_unknown')
  const password = input.password || temporaryPassword()
  const problems = passwordProblems(password, { username })
  if (problems.length) errors.password = problems.join(' ')
  if (Object.keys(errors).length) return { ok: false, errors }

  const user = await User.create({
    ...profileAttributes(input),
    username,
    password,
    isEnabled: true,
    mustChangePassword: true,
    failedLoginCount: 0,
    passwordChangedAt: DateTime.now(),
  })
  return { ok: true, user, temporaryPassword: input.password ? undefined : password }
}

export async function updateAccount(user: User, input: Omit<AccountInput, 'username' | 'password'>): Promise<AccountResult> {
  if (input.role !== user.role && (await isLastActiveAdmin(user))) {
    return { ok: false, errors: { role: t('admin.last_admin') } }
  }
  user.merge(profileAttributes(input))
  await user.save()
  return { ok: true, user }
}

export async function setEnabled(user: User, enabled: boolean): Promise<{ ok: boolean; error?: string }> {
  if (!enabled && (await isLastActiveAdmin(user))) return { ok: false, error: t('admin.last_admin') }
  user.isEnabled = enabled
  await user.save()
  return { ok: true }
}

export async function unlockAccount(user: User) {
  user.lockedAt = null
  user.failedLoginCount = 0
  await user.save()
}

/** A new temporary password the user must change at the next login. */
export async function resetPassword(user: User): Promise<string> {
  const password = temporaryPassword()
  user.password = password
  user.mustChangePassword = true
  user.lockedAt = null
  user.failedLoginCount = 0
  await user.save()
  return password
}

export async function setAssociates(titolare: User, associateIds: number[]) {
  const allowed = await User.query().whereIn('id', associateIds).whereIn('role', ['titolare', 'sostituto']).whereNot('id', titolare.id)
  await titolare.related('associates').sync(allowed.map((u) => u.id))
}
