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

test.group('Fingerprint cache, misses at the same moment', () => {
  /** A make() that waits until released, counting its calls. */
  function gate<T>(value: T) {
    let calls = 0
    let release!: () => void
    let fail!: (error: Error) => void
    const opened = new Promise<void>((resolve, reject) => {
      release = resolve
      fail = reject
    })
    const make = async () => {
      calls++
      await opened
      return value
    }
    return { make, release, fail, calls: () => calls }
  }

  test('callers that miss while the same value is being made share one make()', async ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 60_000 })
    const list = gate('list')
    const waiting = Array.from({ length: 10 }, () => cache.through('day', 'a', list.make))
    list.release()
    assert.deepEqual(await Promise.all(waiting), Array(10).fill('list'))
    assert.equal(list.calls(), 1)
    assert.equal(cache.get('day', 'a'), 'list')
  })

  test('another fingerprint or another key is made on its own', async ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 60_000 })
    const first = gate('a')
    const changed = gate('b')
    const other = gate('c')
    const answers = Promise.all([cache.through('day', 'a', first.make), cache.through('day', 'b', changed.make), cache.through('other', 'a', other.make)])
    first.release()
    changed.release()
    other.release()
    assert.deepEqual(await answers, ['a', 'b', 'c'])
    assert.deepEqual([first.calls(), changed.calls(), other.calls()], [1, 1, 1])
  })

  test('a failure reaches every waiting caller, is not stored, and the next call makes it again', async ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 60_000 })
    const broken = gate('never')
    const waiting = Array.from({ length: 3 }, () => cache.through('day', 'a', broken.make).catch((error: Error) => error.message))
    broken.fail(new Error('database gone'))
    assert.deepEqual(await Promise.all(waiting), ['database gone', 'database gone', 'database gone'])
    assert.equal(broken.calls(), 1)
    assert.equal(cache.size, 0)
    assert.equal(await cache.through('day', 'a', async () => 'fresh'), 'fresh')
  })

  test('a value whose making began before forgetAll is not stored', async ({ assert }) => {
    const cache = new FingerprintCache<string>({ max: 10, maxAgeMs: 60_000 })
    const before = gate('from before')
    const answer = cache.through('day', 'a', before.make)
    FingerprintCache.forgetAll()
    before.release()
    assert.equal(await answer, 'from before')
    assert.equal(cache.size, 0)
    assert.equal(await cache.through('day', 'a', async () => 'after'), 'after')
  })
})
