/*
| Keeps a run's row and the admin's open page up to date while it works: progress and
| heartbeat in the runs table, a `backup:progress` live event that makes the page refetch
| its runs fragment. Throttled: a few updates a second, not one per row.
*/
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import { notify, type LiveTarget } from '#services/live/notify'
import type BackupRun from '../models/backup_run.js'
import type { ProgressEvent } from './progress.js'

export const PROGRESS_EVENT = 'backup:progress'
const INTERVAL_MS = 500

export class RunReporter {
  #lastWrite = 0
  #lastPhase: string | null = null
  #pending: Promise<unknown> = Promise.resolve()

  constructor(
    private run: BackupRun,
    private audience: LiveTarget,
    private onProgress?: (event: ProgressEvent) => void
  ) {}

  announce(extra: Record<string, unknown> = {}) {
    try {
      notify(this.audience, PROGRESS_EVENT, {
        runId: this.run.id,
        status: this.run.status,
        progress: this.run.progress,
        ...extra,
      })
    } catch (error) {
      logger.warn({ err: error }, 'backup progress: live notification failed')
    }
  }

  progress = (event: ProgressEvent) => {
    this.onProgress?.(event)
    const now = Date.now()
    const phaseChanged = event.phase !== this.#lastPhase
    if (!phaseChanged && now - this.#lastWrite < INTERVAL_MS) return
    // The SQLite copy restarts when another connection writes: no row updates meanwhile.
    if (!phaseChanged && event.phase === 'snapshot') return
    this.#lastWrite = now
    this.#lastPhase = event.phase
    this.run.progress = event.percent
    this.run.phase = event.phase
    this.run.heartbeatAt = DateTime.now()
    this.#pending = this.#pending
      .then(() => this.run.save())
      .then(() => this.announce())
      .catch((error) => logger.warn({ err: error }, 'backup progress: could not record'))
  }

  /** Waits for the progress writes still on their way (before the final save). */
  settle() {
    return this.#pending
  }
}
