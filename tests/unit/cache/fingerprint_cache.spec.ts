import { test } from '@japa/runner'
import { FingerprintCache } from '#services/fingerprint_cache'

test.group('Fingerprint cache', () => {
  test('a value is reused only while the fingerprint is the same', async ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 60_000 })
    let made = 0
    const make = async () => `list ${++made}`
    assert.equal(await cache.through('day', 'a', make), 'list 1')
    assert.equal(await cache.through('day', 'a', make), 'list 1')
    assert.equal(await cache.through('day', 'b', make), 'list 2')
    // An old fingerprint does not bring back the old value: it was replaced.
    assert.equal(await cache.through('day', 'a', make), 'list 3')
    assert.equal(made, 3)
  })

  test('an entry past its age is made again even with the same fingerprint', ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 1_000 })
    cache.set('day', 'a', 'old', 10_000)
    assert.equal(cache.get('day', 'a', 10_999), 'old')
    assert.isUndefined(cache.get('day', 'a', 11_001))
    assert.equal(cache.size, 0)
  })

  test('the least recently used entry goes first when full', ({ assert }) => {
    const cache = new FingerprintCache<number>({ max: 2, maxAgeMs: 60_000 })
    cache.set('one', 'f', 1)
    cache.set('two', 'f', 2)
    assert.equal(cache.get('one', 'f'), 1)
    cache.set('three', 'f', 3)
    assert.isUndefined(cache.get('two', 'f'))
    assert.equal(cache.get('one', 'f'), 1)
    assert.equal(cache.get('three', 'f'), 3)
  })

  test('forgetAll empties every cache of the process', ({ assert }) => {
    const a = new FingerprintCache<number>({ max: 2, maxAgeMs: 60_000 })
    const b = new FingerprintCache<number>({ max: 2, maxAgeMs: 60_000 })
    a.set('x', 'f', 1)
    b.set('y', 'f', 2)
    FingerprintCache.forgetAll()
    assert.equal(a.size + b.size, 0)
  })
})
