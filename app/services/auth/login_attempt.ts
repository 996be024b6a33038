/*
| One staff login attempt: credentials, lockout after N failures in a row, notices by mail.
| Returns what the login page must say; never reveals whether a username exists.
*/
import { DateTime } from 'luxon'
import env from '#start/env'
import User from '#models/user'
import { securityPolicy } from '#config/studio'
import { queueMail } from '#services/mail/outbox'
import { recordAudit, type AuditActor } from '#services/audit_log'
import { translate as t } from '#services/i18n'

export type LoginOutcome =
  | { ok: true; user: User; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid' | 'locked' | 'disabled'; message: string }

async function noticeFailedAttempt(user: User, actor: AuditActor, nowLocked: boolean) {
  const when = DateTime.now().setLocale('it').toFormat('dd/MM/yyyy HH:mm')
  const body = t(nowLocked ? 'mail.login_locked_body' : 'mail.login_failed_body', {
    username: user.username,
    when,
    ip: actor.ip ?? '-',
    count: user.failedLoginCount,
  })
  const subject = t(nowLocked ? 'mail.login_locked_subject' : 'mail.login_failed_subject')
  const recipients = [user.email, env.get('ADMIN_EMAIL')].filter(Boolean) as string[]
  const admins = await User.query().where('role', 'admin').whereNotNull('email')
  for (const admin of admins) recipients.push(admin.email!)
  for (const to of new Set(recipients)) await queueMail({ to, subject, body })
}

export async function attemptLogin(username: string, password: string, actor: AuditActor): Promise<LoginOutcome> {
  const user = await User.findBy('username', username.trim().toLowerCase())
  if (!user) {
    // Same work as a real check, so timing does not reveal which usernames exist.
    await User.verifyCredentials('\u0000no-such-user', password).catch(() => null)
    await recordAudit(actor, { action: 'login_failed', entity: 'user', details: { username } })
    return { ok: false, reason: 'invalid', message: t('auth.invalid_credentials') }
  }
  if (!user.isEnabled) {
    await recordAudit({ ...actor, user }, { action: 'login_refused', entity: 'user', entityId: user.id })
    return { ok: false, reason: 'disabled', message: t('auth.account_disabled') }
  }
  if (user.lockedAt) {
    await recordAudit({ ...actor, user }, { action: 'login_refused', entity: 'user', entityId: user.id })
    return {
      ok: false,
      reason: 'locked',
      message: t('auth.account_locked', { n: securityPolicy.maxFailedLogins }),
    }
  }

  if (!(await user.verifyPassword(password))) {
    user.failedLoginCount += 1
    const nowLocked = user.failedLoginCount >= securityPolicy.maxFailedLogins
    if (nowLocked) user.lockedAt = DateTime.now()
    await user.save()
    await recordAudit({ ...actor, user }, {
      action: nowLocked ? 'account_locked' : 'login_failed',
      entity: 'user',
      entityId: user.id,
      details: { failedLoginCount: user.failedLoginCount },
    })
    await noticeFailedAttempt(user, actor, nowLocked)
    if (nowLocked) {
      return {
        ok: false,
        reason: 'locked',
        message: t('auth.account_locked', { n: securityPolicy.maxFailedLogins }),
      }
    }
    const left = securityPolicy.maxFailedLogins - user.failedLoginCount
    return { ok: false, reason: 'invalid', message: t('auth.invalid_credentials_left', { n: left }) }
  }

  user.failedLoginCount = 0
  user.lastLoginAt = DateTime.now()
  await user.save()
  await recordAudit({ ...actor, user }, { action: 'login', entity: 'user', entityId: user.id })
  const { passwordExpired } = await import('#services/account_gate')
  return { ok: true, user, mustChangePassword: user.mustChangePassword || passwordExpired(user) }
}
