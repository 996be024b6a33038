/*
| The feed (reference-data spec §7): manifest.json lists the components
| `{key, version, url, sha256, size, min_app_version, notes}`; manifest.sig is the base64
| Ed25519 signature of manifest.json's exact bytes. Each url points to a bundle (gzip NDJSON).
*/
import { readFileSync } from 'node:fs'
import { UpdateError } from './update_error.js'

export const MANIFEST_FILE = 'manifest.json'
export const SIGNATURE_FILE = 'manifest.sig'
export const FEED_FORMAT = 1

export interface FeedComponent {
  key: string
  version: string
  /** Relative to the manifest (a file of the folder or a path of the URL), or absolute http(s). */
  url: string
  sha256: string
  size: number
  min_app_version: string | null
  notes: string | null
}

export interface Manifest {
  format: number
  generated_at: string | null
  components: FeedComponent[]
}

const KEY = /^[a-z][a-z0-9_]*(:[a-z0-9-]+)?$/
const SHA256 = /^[0-9a-f]{64}$/

/** Reads and checks a manifest whose signature was already verified. */
export function parseManifest(bytes: Buffer): Manifest {
  let data: any
  try {
    data = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new UpdateError('bad_manifest', { detail: 'JSON non valido' })
  }
  if (!data || typeof data !== 'object' || !Array.isArray(data.components)) {
    throw new UpdateError('bad_manifest', { detail: 'manca l’elenco dei componenti' })
  }
  if (data.format !== undefined && data.format !== FEED_FORMAT) {
    throw new UpdateError('bad_manifest', { detail: `formato ${data.format} non supportato` })
  }
  const seen = new Set<string>()
  const components = data.components.map((c: any, i: number): FeedComponent => {
    const where = `componente ${i + 1}`
    if (typeof c?.key !== 'string' || !KEY.test(c.key)) throw new UpdateError('bad_manifest', { detail: `${where}: chiave non valida` })
    if (seen.has(c.key)) throw new UpdateError('bad_manifest', { detail: `${c.key} compare due volte` })
    seen.add(c.key)
    if (typeof c.version !== 'string' || !c.version.trim() || c.version.length > 60) {
      throw new UpdateError('bad_manifest', { detail: `${c.key}: versione non valida` })
    }
    if (typeof c.url !== 'string' || !c.url.trim()) throw new UpdateError('bad_manifest', { detail: `${c.key}: url mancante` })
    if (typeof c.sha256 !== 'string' || !SHA256.test(c.sha256)) throw new UpdateError('bad_manifest', { detail: `${c.key}: sha256 non valido` })
    if (!Number.isInteger(c.size) || c.size <= 0) throw new UpdateError('bad_manifest', { detail: `${c.key}: dimensione non valida` })
    return {
      key: c.key,
      version: c.version.trim(),
      url: c.url.trim(),
      sha256: c.sha256,
      size: c.size,
      min_app_version: typeof c.min_app_version === 'string' && c.min_app_version.trim() ? c.min_app_version.trim() : null,
      notes: typeof c.notes === 'string' && c.notes.trim() ? c.notes.trim() : null,
    }
  })
  return { format: FEED_FORMAT, generated_at: typeof data.generated_at === 'string' ? data.generated_at : null, components }
}

const parts = (v: string) => v.split(/[.\-+]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p))

/** Dotted versions compared part by part, numbers as numbers (2025.10.2 > 2025.9.30). */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a)
  const pb = parts(b)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0
    const y = pb[i] ?? 0
    if (x === y) continue
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1
    return String(x) < String(y) ? -1 : 1
  }
  return 0
}

const NUMERIC = /^\d+([.\-]\d+)*$/

/**
 * A component is offered when its version differs from the installed one. Content-derived
 * versions (hashes) have no order, so "different" means "newer"; numeric versions that are
 * older than the installed one are never offered (no silent downgrade).
 */
export function isNewer(candidate: string, installed: string | null): boolean {
  if (!installed) return true
  if (candidate === installed) return false
  if (NUMERIC.test(candidate) && NUMERIC.test(installed)) return compareVersions(candidate, installed) > 0
  return true
}

let appVersionCache: string | null = null

export function appVersion(): string {
  if (!appVersionCache) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))
    appVersionCache = String(pkg.version ?? '0.0.0')
  }
  return appVersionCache
}

export function appIsTooOld(component: Pick<FeedComponent, 'min_app_version'>): boolean {
  return Boolean(component.min_app_version && compareVersions(appVersion(), component.min_app_version) < 0)
}
