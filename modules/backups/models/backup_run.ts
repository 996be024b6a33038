import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type RunStatus = 'queued' | 'running' | 'success' | 'failed'
export type RunOrigin = 'scheduled' | 'manual' | 'command' | 'doctor_export'

/** A run whose heartbeat is older than this died with its process (kill, crash, restart). */
export const STALE_AFTER_MINUTES = 10

export default class BackupRun extends BaseModel {
  static table = 'backup_runs'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare taskId: number | null

  @column()
  declare taskName: string | null

  @column()
  declare origin: RunOrigin

  @column()
  declare status: RunStatus

  @column()
  declare phase: string | null

  @column()
  declare progress: number

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare finishedAt: DateTime | null

  @column.dateTime()
  declare heartbeatAt: DateTime | null

  @column()
  declare filePath: string | null

  @column({ consume: (v) => (v === null || v === undefined ? null : Number(v)) })
  declare sizeBytes: number | null

  @column()
  declare logPath: string | null

  @column()
  declare log: string | null

  @column()
  declare error: string | null

  @column()
  declare exitCode: number | null

  @column()
  declare requestedBy: number | null

  get isActive() {
    return this.status === 'queued' || this.status === 'running'
  }

  /** Still marked running, but nobody has written progress for a long time. */
  get isInterrupted() {
    if (!this.isActive) return false
    const last = this.heartbeatAt ?? this.startedAt
    return last < DateTime.now().minus({ minutes: STALE_AFTER_MINUTES })
  }

  /** What the page shows: interrupted runs are not "in progress" forever. */
  get displayStatus(): RunStatus | 'interrupted' {
    return this.isInterrupted ? 'interrupted' : this.status
  }
}
