import type { Backoff } from '#services/jobs/types'

/**
 * Milliseconds before the retry that follows `failedAttempts` failures: the same formula as
 * BullMQ's built-in strategies, so that both drivers wait alike.
 */
export function backoffDelay(backoff: Backoff, failedAttempts: number): number {
  if (backoff.type === 'fixed') return backoff.delay
  return Math.round(2 ** (failedAttempts - 1) * backoff.delay)
}
