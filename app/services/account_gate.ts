/*
| Whether a signed-in account may use the studio right now.
*/
import { DateTime } from 'luxon'
import type User from '#models/user'
import { securityPolicy } from '#config/studio'

export type GateState = 'ok' | 'disabled' | 'must_change_password'

export function passwordExpired(user: User, now = DateTime.now()): boolean {
  const days = securityPolicy.passwordExpiryDays
  if (!days || !user.passwordChangedAt) return false
  return user.passwordChangedAt.plus({ days }) <= now
}

export function accountGate(user: User): GateState {
  if (!user.isEnabled || user.lockedAt) return 'disabled'
  if (user.mustChangePassword || passwordExpired(user)) return 'must_change_password'
  return 'ok'
}
