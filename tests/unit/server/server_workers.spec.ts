import { test } from '@japa/runner'
import { plannedWorkers } from '#services/server_workers'

test.group('web processes of the production server', () => {
  test('one by default; a number or "auto" (one per core) with Redis', ({ assert }) => {
    assert.deepEqual(plannedWorkers({}, 8), { count: 1, warning: null })
    assert.deepEqual(plannedWorkers({ STUDIO_WORKERS: '3', REDIS_HOST: '127.0.0.1' }, 8), { count: 3, warning: null })
    assert.deepEqual(plannedWorkers({ STUDIO_WORKERS: 'auto', REDIS_HOST: 'redis' }, 4), { count: 4, warning: null })
  })

  test('without Redis, or with a wrong value, one process and the reason in Italian', ({ assert }) => {
    const noRedis = plannedWorkers({ STUDIO_WORKERS: 'auto' }, 4)
    assert.equal(noRedis.count, 1)
    assert.include(noRedis.warning!, 'richiede REDIS_HOST')
    const wrong = plannedWorkers({ STUDIO_WORKERS: 'due', REDIS_HOST: 'redis' }, 4)
    assert.equal(wrong.count, 1)
    assert.include(wrong.warning!, 'non è valido')
  })
})
