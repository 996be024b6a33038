/*
| What a page computed from data that has not changed since: each entry keeps the fingerprint
| of the data it was made from (read fresh from the database on every request, so several
| processes agree) and is used only while the fingerprint is the same. The age limit bounds
| what a fingerprint does not cover (a patient's name corrected in the chart, say). Requests that
| miss together while one is already making the same value wait for it: on a busy day every open
| page asks for the new list at once, and one of them writes it.
*/
export interface FingerprintCacheOptions {
  /** Entries kept; the least recently used goes first. */
  max: number
  /** An entry older than this is made again even if the fingerprint matches. */
  maxAgeMs: number
}

interface Entry<T> {
  fingerprint: string
  value: T
  madeAt: number
}

export class FingerprintCache<T> {
  static #all = new Set<FingerprintCache<unknown>>()

  /**
   * Forgets every cache of the process. For tests: a rolled-back SQLite transaction gives the
   * same ids again to different rows, which production never sees (ids are not reused there).
   */
  static forgetAll() {
    for (const cache of FingerprintCache.#all) cache.clear()
  }

  #entries = new Map<string, Entry<T>>()
  /** Values being made, by key and fingerprint. */
  #making = new Map<string, Promise<T>>()
  /** Raised by clear(): a value whose making began before is not stored. */
  #generation = 0

  constructor(private options: FingerprintCacheOptions) {
    FingerprintCache.#all.add(this as FingerprintCache<unknown>)
  }

  get(key: string, fingerprint: string, now = Date.now()): T | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.fingerprint !== fingerprint || now - entry.madeAt > this.options.maxAgeMs) {
      this.#entries.delete(key)
      return undefined
    }
    // Most recently used last.
    this.#entries.delete(key)
    this.#entries.set(key, entry)
    return entry.value
  }

  set(key: string, fingerprint: string, value: T, now = Date.now()) {
    this.#entries.delete(key)
    this.#entries.set(key, { fingerprint, value, madeAt: now })
    while (this.#entries.size > this.options.max) this.#entries.delete(this.#entries.keys().next().value!)
  }

  /**
   * Read-through: the cached value for this fingerprint, or `make()` stored under it. While a
   * value is being made for this key and fingerprint, other callers share it; a failure is
   * shared too and stores nothing, so the next call tries again.
   */
  async through(key: string, fingerprint: string, make: () => Promise<T>): Promise<T> {
    const hit = this.get(key, fingerprint)
    if (hit !== undefined) return hit
    const id = JSON.stringify([key, fingerprint])
    const pending = this.#making.get(id)
    if (pending) return pending
    const generation = this.#generation
    const making = make()
      .then((value) => {
        if (generation === this.#generation) this.set(key, fingerprint, value)
        return value
      })
      .finally(() => {
        if (this.#making.get(id) === making) this.#making.delete(id)
      })
    this.#making.set(id, making)
    return making
  }

  get size() {
    return this.#entries.size
  }

  clear() {
    this.#entries.clear()
    this.#making.clear()
    this.#generation++
  }
}
