/*
| Applies components of the verified feed (reference-data spec §7): for each one, download to
| a temporary file, check size and SHA-256 against the signed manifest, read the bundle, then
| one transaction applies it and records its version. A component that fails or is refused
| leaves its previous version in place; the others go on. Every attempt is in the history.
*/
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { applyDataset } from '#services/refdata/import_dataset'
import { LOADERS } from '#services/refdata/loaders'
import type { LoadedDataset } from '#services/refdata/dataset'
import { notify } from '#services/live/notify'
import UpdateHistory, { type UpdateOrigin } from '../models/update_history.js'
import { readBundle } from './bundle.js'
import { componentKind } from './components.js'
import { componentStatuses, readVerifiedFeed, type ComponentStatus, type VerifiedFeed } from './check_feed.js'
import type { FeedComponent } from './feed_format.js'
import { downloadComponent } from './feed_source.js'
import { applyOwnedComponent, ownedTable, type ApplyCounts } from './owned_components.js'
import { describeFailure, isUpdateError, UpdateError, type UpdateErrorCode } from './update_error.js'
import { loadSettings } from './update_settings.js'

export interface UpdateActor {
  userId: number | null
  label: string | null
}

export type ApplyPhase = 'download' | 'verify' | 'apply' | 'done'

export interface ApplyProgress {
  key: string
  index: number
  count: number
  phase: ApplyPhase
  done: number
  total: number
}

export interface ApplyRequest {
  /** Components by key; with `all`, every component that has an update. */
  keys?: string[]
  all?: boolean
  origin: UpdateOrigin
  actor?: UpdateActor | null
  onProgress?: (progress: ApplyProgress) => void
}

export interface ComponentOutcome {
  key: string
  fromVersion: string | null
  toVersion: string
  outcome: 'applied' | 'failed' | 'refused' | 'skipped'
  counts: ApplyCounts | null
  message: string | null
}

// What the feed got wrong (refused: the package is not what was signed) vs. what went wrong here.
const REFUSALS: UpdateErrorCode[] = ['size_mismatch', 'hash_mismatch', 'bad_bundle', 'header_mismatch', 'app_too_old', 'unsafe_url']

let running = false

const announce = () => {
  try {
    notify({ role: 'admin' }, 'updates:progress')
  } catch {
    // No live channel in a command or a test: the page still refreshes on its own.
  }
}

async function recordFeedFailure(request: ApplyRequest, error: unknown) {
  await UpdateHistory.create({
    componentKey: 'feed',
    fromVersion: null,
    toVersion: null,
    outcome: isUpdateError(error, 'bad_signature') || isUpdateError(error, 'bad_manifest') ? 'refused' : 'failed',
    origin: request.origin,
    userId: request.actor?.userId ?? null,
    userLabel: request.actor?.label ?? null,
    rowsAdded: 0,
    rowsChanged: 0,
    rowsRetired: 0,
    rowsTotal: 0,
    error: describeFailure(error),
    startedAt: DateTime.now(),
    finishedAt: DateTime.now(),
  })
}

/** The components to apply, in manifest order; unknown keys are refused before anything runs. */
function select(statuses: ComponentStatus[], request: ApplyRequest): ComponentStatus[] {
  if (request.all || !request.keys?.length) return statuses.filter((s) => s.state === 'available')
  const unknown = request.keys.filter((k) => !statuses.some((s) => s.key === k))
  if (unknown.length) throw new UpdateError('unknown_component', { keys: unknown.join(', ') })
  return statuses.filter((s) => request.keys!.includes(s.key))
}

export async function applyUpdates(request: ApplyRequest): Promise<ComponentOutcome[]> {
  if (running) throw new UpdateError('busy')
  running = true
  try {
    let feed: VerifiedFeed
    try {
      feed = await readVerifiedFeed(await loadSettings())
    } catch (error) {
      await recordFeedFailure(request, error)
      throw error
    }
    const chosen = select(await componentStatuses(feed.manifest.components), request)
    const outcomes: ComponentOutcome[] = []
    for (const [index, status] of chosen.entries()) {
      const component = feed.manifest.components.find((c) => c.key === status.key)!
      if (status.state === 'current' || status.state === 'unsupported') {
        outcomes.push({
          key: status.key,
          fromVersion: status.installedVersion,
          toVersion: status.version,
          outcome: 'skipped',
          counts: null,
          message: status.state === 'current' ? null : new UpdateError('unsupported_component', { key: status.key }).message,
        })
        continue
      }
      outcomes.push(await applyOne(feed, component, status, request, index, chosen.length))
      announce()
    }
    return outcomes
  } finally {
    running = false
  }
}

async function applyOne(
  feed: VerifiedFeed,
  component: FeedComponent,
  status: ComponentStatus,
  request: ApplyRequest,
  index: number,
  count: number
): Promise<ComponentOutcome> {
  const progress = (phase: ApplyPhase, done = 0, total = 1) =>
    request.onProgress?.({ key: component.key, index, count, phase, done, total })
  const history = await UpdateHistory.create({
    componentKey: component.key,
    fromVersion: status.installedVersion,
    toVersion: component.version,
    outcome: 'running',
    origin: request.origin,
    userId: request.actor?.userId ?? null,
    userLabel: request.actor?.label ?? null,
    rowsAdded: 0,
    rowsChanged: 0,
    rowsRetired: 0,
    rowsTotal: 0,
    error: null,
    startedAt: DateTime.now(),
    finishedAt: null,
  })
  announce()
  const dir = app.makePath('tmp', 'live-update')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${component.key.replace(/[^a-z0-9_-]/gi, '_')}-${randomBytes(6).toString('hex')}.ndjson.gz`)
  try {
    if (status.state === 'app_too_old') {
      throw new UpdateError('app_too_old', { key: component.key, required: component.min_app_version })
    }
    progress('download', 0, component.size)
    const got = await downloadComponent(feed.location, component, file, (done, total) => progress('download', done, total))
    progress('verify')
    if (got.size !== component.size) throw new UpdateError('size_mismatch', { key: component.key, expected: component.size, actual: got.size })
    if (got.sha256 !== component.sha256) throw new UpdateError('hash_mismatch', { key: component.key })
    const { readFile } = await import('node:fs/promises')
    const bundle = readBundle(await readFile(file))
    if (bundle.header.key !== component.key || bundle.header.version !== component.version) {
      throw new UpdateError('header_mismatch', { key: component.key, found: `${bundle.header.key} ${bundle.header.version}` })
    }
    progress('apply')
    const counts = await applyBundle(component, bundle, (done, total) => progress('apply', done, total))
    history.merge({
      outcome: 'applied',
      rowsAdded: counts.added,
      rowsChanged: counts.changed,
      rowsRetired: counts.retired,
      rowsTotal: counts.total,
      finishedAt: DateTime.now(),
    })
    await history.save()
    progress('done', 1, 1)
    return { key: component.key, fromVersion: status.installedVersion, toVersion: component.version, outcome: 'applied', counts, message: null }
  } catch (error) {
    const refused = REFUSALS.some((code) => isUpdateError(error, code))
    const message = describeFailure(error)
    if (!isUpdateError(error)) logger.error({ err: error, component: component.key }, 'live update: component not applied')
    history.merge({ outcome: refused ? 'refused' : 'failed', error: message, finishedAt: DateTime.now() })
    await history.save()
    progress('done', 1, 1)
    return { key: component.key, fromVersion: status.installedVersion, toVersion: component.version, outcome: refused ? 'refused' : 'failed', counts: null, message }
  } finally {
    rmSync(file, { force: true })
  }
}

async function applyBundle(
  component: FeedComponent,
  bundle: ReturnType<typeof readBundle>,
  onWrite: (done: number, total: number) => void
): Promise<ApplyCounts> {
  const kind = componentKind(component.key)
  if (!kind) throw new UpdateError('unsupported_component', { key: component.key })
  const first = bundle.tables[0]?.table
  if (kind.kind === 'owned') {
    if (first !== ownedTable(kind.owned)) throw new UpdateError('bad_bundle', { detail: `tabella ${first} inattesa` })
    return db.transaction((trx) => applyOwnedComponent(trx, kind.owned, bundle.tables, component.version, component.sha256))
  }
  // The bundle of a dataset writes that dataset's tables, starting with its main one.
  if (first !== LOADERS[kind.dataset].mainTable) throw new UpdateError('bad_bundle', { detail: `tabella ${first} inattesa per ${kind.dataset}` })
  const dataset: LoadedDataset = {
    key: kind.dataset,
    tables: bundle.tables,
    skipped: [],
    version: component.version,
    sourceUrl: bundle.header.source,
    licence: bundle.header.licence ?? '',
    attribution: bundle.header.attribution ?? '',
    sha256: component.sha256,
  }
  const report = await db.transaction((trx) =>
    applyDataset(dataset, { client: trx, progress: (step, done, total) => step === 'write' && onWrite(done, total) })
  )
  return { added: report.added, changed: report.changed, retired: report.removed, total: report.total }
}
