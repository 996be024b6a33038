/*
| Reads the feed, verifies the manifest's signature and compares each component with what is
| installed. The outcome of the last check (when, what is available, or why it failed) is
| kept for the admin page.
*/
import { DateTime } from 'luxon'
import { liveUpdateConfig } from '../config.js'
import { appIsTooOld, isNewer, parseManifest, type FeedComponent, type Manifest } from './feed_format.js'
import { fetchManifest, type FeedLocation } from './feed_source.js'
import { componentKind, installedComponents, installedKeyOf } from './components.js'
import { parsePublicKey, verifyManifest } from './signature.js'
import { describeFailure, UpdateError } from './update_error.js'
import { LAST_CHECK_KEY, loadSettings, writeSetting, type UpdateSettings } from './update_settings.js'
import db from '@adonisjs/lucid/services/db'

export type ComponentState = 'available' | 'current' | 'unsupported' | 'app_too_old'

export interface ComponentStatus {
  key: string
  version: string
  installedVersion: string | null
  state: ComponentState
  size: number
  minAppVersion: string | null
  notes: string | null
}

export interface CheckResult {
  checkedAt: string
  ok: boolean
  error: string | null
  errorCode: string | null
  feedUrl: string | null
  generatedAt: string | null
  components: ComponentStatus[]
}

export interface VerifiedFeed {
  location: FeedLocation
  manifest: Manifest
}

export function feedLocation(settings: UpdateSettings): FeedLocation {
  if (!settings.feedUrl) throw new UpdateError('not_configured')
  return { url: settings.feedUrl, proxy: settings.proxy }
}

/** The manifest, only once its signature checks out against the configured public key. */
export async function readVerifiedFeed(settings: UpdateSettings): Promise<VerifiedFeed> {
  const location = feedLocation(settings)
  const keyText = liveUpdateConfig.publicKey()
  if (!keyText) throw new UpdateError('no_public_key')
  const publicKey = parsePublicKey(keyText)
  const { bytes, signature } = await fetchManifest(location)
  verifyManifest(bytes, signature, publicKey)
  return { location, manifest: parseManifest(bytes) }
}

export async function componentStatuses(components: FeedComponent[]): Promise<ComponentStatus[]> {
  return rateComponents(
    components.map((c) => ({ key: c.key, version: c.version, size: c.size, minAppVersion: c.min_app_version, notes: c.notes }))
  )
}

/** Each component against what is installed now (also used to refresh a stored check). */
export async function rateComponents(
  components: Array<Pick<ComponentStatus, 'key' | 'version' | 'size' | 'minAppVersion' | 'notes'>>
): Promise<ComponentStatus[]> {
  const installed = await installedComponents()
  return components.map((c) => {
    const current = installed.get(installedKeyOf(c.key))?.version ?? null
    const state: ComponentState = !componentKind(c.key)
      ? 'unsupported'
      : !isNewer(c.version, current)
        ? 'current'
        : appIsTooOld({ min_app_version: c.minAppVersion })
          ? 'app_too_old'
          : 'available'
    return { ...c, installedVersion: current, state }
  })
}

/** Checks the feed and records the outcome; never throws (the outcome says what went wrong). */
export async function checkForUpdates(options: { record?: boolean } = {}): Promise<CheckResult> {
  const settings = await loadSettings()
  const result: CheckResult = {
    checkedAt: DateTime.utc().toISO()!,
    ok: false,
    error: null,
    errorCode: null,
    feedUrl: settings.feedUrl,
    generatedAt: null,
    components: [],
  }
  try {
    const feed = await readVerifiedFeed(settings)
    result.generatedAt = feed.manifest.generated_at
    result.components = await componentStatuses(feed.manifest.components)
    result.ok = true
  } catch (error) {
    result.error = describeFailure(error)
    result.errorCode = error instanceof UpdateError ? error.code : 'apply_failed'
  }
  if (options.record !== false) await recordCheck(result)
  return result
}

export async function recordCheck(result: CheckResult) {
  await writeSetting(LAST_CHECK_KEY, JSON.stringify(result))
}

export async function lastCheck(): Promise<CheckResult | null> {
  const row = await db.from('settings').where('key', LAST_CHECK_KEY).first()
  if (!row?.value) return null
  try {
    return JSON.parse(row.value)
  } catch {
    return null
  }
}
