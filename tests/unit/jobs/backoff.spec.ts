import { test } from '@japa/runner'
import { backoffDelay } from '#services/jobs/backoff'

test.group('retry backoff', () => {
  test('exponential backoff doubles the delay after every failure', ({ assert }) => {
    const backoff = { type: 'exponential' as const, delay: 10_000 }
    assert.deepEqual([1, 2, 3, 4].map((n) => backoffDelay(backoff, n)), [10_000, 20_000, 40_000, 80_000])
  })

  test('fixed backoff waits the same delay every time', ({ assert }) => {
    const backoff = { type: 'fixed' as const, delay: 500 }
    assert.deepEqual([1, 2, 3].map((n) => backoffDelay(backoff, n)), [500, 500, 500])
  })
})
