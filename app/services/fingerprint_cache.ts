/*
| What a page computed from data that has not changed since: each entry keeps the fingerprint
| of the data it was made from (read fresh from the database on every request, so several
| processes agree) and is used only while the fingerprint is the same. The age limit bounds
| what a fingerprint does not cover (a patient's name corrected in the chart, say).
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

  /** Read-through: the cached value for this fingerprint, or `make()` stored under it. */
  async through(key: string, fingerprint: string, make: () => Promise<T>): Promise<T> {
    const hit = this.get(key, fingerprint)
    if (hit !== undefined) return hit
    const value = await make()
    this.set(key, fingerprint, value)
    return value
  }

  get size() {
    return this.#entries.size
  }

  clear() {
    this.#entries.clear()
  }
}
