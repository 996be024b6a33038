/*
| The backup engine. Everything is written to a hidden partial file next to the target,
| re-opened and verified, and only then renamed over last week's file: a backup that is
| killed, aborted or fails leaves the previous good file untouched.
*/
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { DateTime } from 'luxon'
import { translate } from '#services/i18n'
import { removeAbandoned, workFileName } from './abandoned_files.js'
import { ArchiveWriter, openArchive, verifyEntries } from './archive.js'
import { BackupError } from './backup_error.js'
import { listStoredFiles, readStoredFile } from './attachments_folder.js'
import type { DatabaseTarget } from './database_target.js'
import { appVersion, type ArchiveKind, type Manifest, type MigrationState } from './manifest.js'
import { exportMysql } from './mysql/mysql_export.js'
import { PhasedProgress, type Phase, type ProgressFn } from './progress.js'
import { digestSqlite, snapshotSqlite } from './sqlite/sqlite_operations.js'
import type { TableSummary } from './table_digest.js'

export const SQLITE_ENTRY = 'database.sqlite3'
export const MYSQL_ENTRY = 'database.sql'
export const ATTACHMENTS_PREFIX = 'attachments/'

export interface BackupOptions {
  kind: Extract<ArchiveKind, 'full' | 'attachments'>
  /** The database to copy; ignored for an archive of attachments only. */
  target: DatabaseTarget | null
  /** The final path, e.g. /backups/studio-mg-lunedi.zip. */
  file: string
  password?: string | null
  /** The storage folder to include under attachments/, or null. */
  attachmentsDir?: string | null
  /** Where the SQLite snapshot waits before it goes into the archive. */
  workDir: string
  taskName?: string | null
  signal?: AbortSignal
  onProgress?: ProgressFn
  log?: (line: string) => void
}

export interface BackupResult {
  file: string
  bytes: number
  manifest: Manifest
}

const t = (key: string, params: Record<string, unknown> = {}) => translate(`backups.log.${key}`, params)

const partialPrefix = (file: string) => `.${basename(file)}.partial-`
const SNAPSHOT_PREFIX = 'snapshot-'

function phasesFor(options: BackupOptions): Array<[Phase, number]> {
  const attachments: Array<[Phase, number]> = options.attachmentsDir ? [['attachments', 10]] : []
  if (options.kind === 'attachments') return [['attachments', 80], ['verify', 20]]
  if (options.target?.dialect === 'sqlite') {
    return [['snapshot', 25], ['checksums', 10], ['archive', 40], ...attachments, ['verify', 15]]
  }
  return [['export', 75], ...attachments, ['verify', 15]]
}

export async function createBackup(options: BackupOptions): Promise<BackupResult> {
  const log = options.log ?? (() => {})
  const progress = new PhasedProgress(phasesFor(options), options.onProgress)
  const { signal } = options
  await mkdir(dirname(options.file), { recursive: true }).catch((error) => {
    throw new BackupError('destination_unwritable', { path: dirname(options.file), detail: error.code ?? error.message })
  })
  await removeAbandoned(dirname(options.file), partialPrefix(options.file))

  const partial = join(dirname(options.file), workFileName(partialPrefix(options.file)))
  const archive = ArchiveWriter.create(partial, { password: options.password })
  const cleanups: Array<() => Promise<unknown>> = []
  try {
    let tables: TableSummary[] = []
    let migrations: MigrationState | null = null
    let databaseEntry: string | null = null
    const target = options.kind === 'full' ? options.target : null
    if (options.kind === 'full' && !target) throw new Error('A full backup needs a database target.')

    if (target?.dialect === 'sqlite') {
      await mkdir(options.workDir, { recursive: true })
      // A plaintext copy of the studio's data: a killed run's copy must not stay behind.
      await removeAbandoned(options.workDir, SNAPSHOT_PREFIX)
      const snapshot = join(options.workDir, workFileName(SNAPSHOT_PREFIX, '.sqlite3'))
      cleanups.push(() => rm(snapshot, { force: true }))
      log(t('snapshot_sqlite', { file: target.file }))
      progress.start('snapshot')
      await snapshotSqlite(target.file, snapshot, (done, total) => progress.update('snapshot', done / total), signal)
      log(t('checksums'))
      const digest = await digestSqlite(snapshot, (done, total) => progress.update('checksums', done / total), signal)
      tables = digest.tables
      migrations = digest.migrations
      const size = (await stat(snapshot)).size
      log(t('archive_database', { mb: (size / 1048576).toFixed(1) }))
      await archive.add(SQLITE_ENTRY, Readable.toWeb(createReadStream(snapshot)) as ReadableStream<Uint8Array>, {
        signal,
        onBytes: (bytes) => progress.update('archive', bytes / Math.max(1, size)),
      })
      databaseEntry = SQLITE_ENTRY
    } else if (target?.dialect === 'mysql') {
      log(t('export_mysql', { database: target.connection.database }))
      progress.start('export')
      const dump = await exportMysql(target.connection, {
        signal,
        onRows: (done, estimated) => progress.update('export', done / Math.max(1, estimated)),
      })
      migrations = dump.migrations
      // Should the archive give up mid-way, the generator must still release its connection.
      cleanups.push(() => dump.chunks.return(undefined))
      await archive.add(MYSQL_ENTRY, Readable.toWeb(Readable.from(dump.chunks)) as ReadableStream<Uint8Array>, { signal })
      tables = dump.tables
      databaseEntry = MYSQL_ENTRY
    }
    if (target) log(t('tables', { tables: tables.length, rows: tables.reduce((s, x) => s + x.rows, 0) }))

    let attachments = { files: 0, bytes: 0 }
    if (options.attachmentsDir) {
      const files = await listStoredFiles(options.attachmentsDir)
      const total = files.reduce((sum, f) => sum + f.bytes, 0)
      log(t('attachments', { files: files.length, mb: (total / 1048576).toFixed(1) }))
      progress.start('attachments')
      let done = 0
      for (const file of files) {
        const base = done
        await archive.add(`${ATTACHMENTS_PREFIX}${file.path}`, readStoredFile(file), {
          signal,
          onBytes: (bytes) => progress.update('attachments', (base + bytes) / Math.max(1, total)),
        })
        done += file.bytes
      }
      attachments = { files: files.length, bytes: total }
    }

    const manifest: Manifest = {
      format: 'studio-mg-backup',
      formatVersion: 1,
      kind: options.kind,
      appVersion: appVersion(),
      createdAt: DateTime.utc().toISO()!,
      dialect: target?.dialect ?? null,
      databaseEntry,
      migrations,
      tables,
      includesAttachments: Boolean(options.attachmentsDir),
      attachments,
      entries: archive.entries,
      taskName: options.taskName ?? null,
      encrypted: archive.encrypted,
    }
    await archive.addManifest(manifest)
    await archive.close()
    signal?.throwIfAborted()

    log(t('verify'))
    progress.start('verify')
    const total = manifest.entries.reduce((sum, e) => sum + e.bytes, 0)
    const reopened = await openArchive(partial, options.password)
    try {
      await verifyEntries(reopened, { signal, onBytes: (bytes) => progress.update('verify', bytes / Math.max(1, total)) })
    } finally {
      await reopened.close()
    }

    // On disk for real before it takes the place of the previous backup.
    const handle = await open(partial, 'r+')
    await handle.sync()
    await handle.close()
    await rename(partial, options.file)
    progress.update('verify', 1)
    const bytes = (await stat(options.file)).size
    log(t('written', { file: options.file, mb: (bytes / 1048576).toFixed(1) }))
    return { file: options.file, bytes, manifest }
  } catch (error) {
    await archive.discard()
    throw error
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => {})
  }
}
