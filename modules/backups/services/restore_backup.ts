/*
| Restore of a full backup into the configured database. Everything the archive holds is
| first extracted to a staging area and checked (password, SHA-256 of every entry, SQLite's
| integrity check and the table checksums of the snapshot): the live data is touched only
| when all of it passed. Afterwards the restored tables are counted and checksummed again.
*/
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { DateTime } from 'luxon'
import { translate } from '#services/i18n'
import { removeAbandoned, workFileName } from './abandoned_files.js'
import { openArchive, type OpenedArchive } from './archive.js'
import { BackupError } from './backup_error.js'
import { ATTACHMENTS_PREFIX } from './create_backup.js'
import type { DatabaseTarget } from './database_target.js'
import type { Manifest } from './manifest.js'
import { digestMysql } from './mysql/mysql_digest.js'
import { importMysql } from './mysql/mysql_import.js'
import { PhasedProgress, type ProgressFn } from './progress.js'
import { checkSqlite, copyIntoLive, digestSqlite } from './sqlite/sqlite_operations.js'
import { compareSummaries, type TableSummary } from './table_digest.js'

export interface RestoreOptions {
  file: string
  password?: string | null
  target: DatabaseTarget
  /** STORAGE_PATH: replaced by the archive's attachments when it has them. */
  storagePath: string
  /** False keeps the current storage folder even when the archive has attachments. */
  restoreAttachments?: boolean
  /** Where the database waits between extraction and load (MariaDB dump). */
  workDir: string
  onProgress?: ProgressFn
  log?: (line: string) => void
}

export interface RestoreResult {
  manifest: Manifest
  tables: TableSummary[]
  /** Where the storage folder that was replaced went, if it was. */
  previousStorage: string | null
}

const STAGING_PREFIX = '.restore-'

const t = (key: string, params: Record<string, unknown> = {}) => translate(`backups.log.${key}`, params)

function fileSink(path: string) {
  return Writable.toWeb(createWriteStream(path, { flags: 'wx' })) as WritableStream<Uint8Array>
}

/** Opens and checks what a restore needs, without touching anything: the first half of a restore. */
export async function openForRestore(file: string, password: string | null | undefined, target: DatabaseTarget) {
  const archive = await openArchive(file, password)
  const { manifest } = archive
  if (manifest.kind !== 'full' || !manifest.databaseEntry) {
    await archive.close()
    throw new BackupError('not_a_full_backup', { kind: manifest.kind })
  }
  if (manifest.dialect !== target.dialect) {
    await archive.close()
    throw new BackupError('dialect_mismatch', { archive: manifest.dialect, current: target.dialect })
  }
  return archive
}

async function extractChecked(archive: OpenedArchive, path: string, dest: string, onBytes?: (n: number) => void) {
  const expected = archive.manifest.entries.find((e) => e.path === path)
  if (!expected) throw new BackupError('entry_missing', { entry: path })
  await mkdir(dirname(dest), { recursive: true })
  const actual = await archive.extract(path, fileSink(dest), { onBytes })
  if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
    throw new BackupError('checksum_mismatch', { entry: path })
  }
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {})
  const { target } = options
  const progress = new PhasedProgress(
    [['extract', 35], ['check', 10], [target.dialect === 'sqlite' ? 'copy' : 'load', 40], ['verify', 15]],
    options.onProgress
  )
  const archive = await openForRestore(options.file, options.password, target)
  const { manifest } = archive
  // Staging next to its final place (renames stay on one file system); a killed restore's
  // leftovers go first.
  const storage = options.storagePath.replace(/[\\/]+$/, '')
  const dbDir = target.dialect === 'sqlite' ? dirname(target.file) : options.workDir
  await removeAbandoned(dbDir, STAGING_PREFIX)
  await removeAbandoned(dirname(storage), `${basename(storage)}.${STAGING_PREFIX}`)
  await mkdir(dbDir, { recursive: true })
  const stagedDb = join(dbDir, workFileName(STAGING_PREFIX, target.dialect === 'sqlite' ? '.sqlite3' : '.sql'))
  const stagedStorage = join(dirname(storage), workFileName(`${basename(storage)}.${STAGING_PREFIX}`))
  const withAttachments = manifest.includesAttachments && options.restoreAttachments !== false
  const attachmentEntries = withAttachments ? manifest.entries.filter((e) => e.path.startsWith(ATTACHMENTS_PREFIX)) : []
  let previousStorage: string | null = null

  try {
    // 1. Extract and check everything.
    log(t('restore_extract', { createdAt: manifest.createdAt, version: manifest.appVersion }))
    const databaseEntry = manifest.entries.find((e) => e.path === manifest.databaseEntry)
    if (!databaseEntry) throw new BackupError('entry_missing', { entry: manifest.databaseEntry })
    const toExtract = [databaseEntry, ...attachmentEntries]
    const total = toExtract.reduce((sum, e) => sum + e.bytes, 0)
    let done = 0
    for (const entry of toExtract) {
      const dest =
        entry.path === manifest.databaseEntry
          ? stagedDb
          : join(stagedStorage, ...entry.path.slice(ATTACHMENTS_PREFIX.length).split('/'))
      const base = done
      await extractChecked(archive, entry.path, dest, (bytes) => progress.update('extract', (base + bytes) / Math.max(1, total)))
      done += entry.bytes
    }
    if (withAttachments) await mkdir(stagedStorage, { recursive: true })

    if (target.dialect === 'sqlite') {
      log(t('restore_check_snapshot'))
      const integrity = await checkSqlite(stagedDb)
      if (integrity !== 'ok') throw new BackupError('damaged', { detail: integrity })
      const staged = await digestSqlite(stagedDb, (d, n) => progress.update('check', d / n))
      const differences = compareSummaries(manifest.tables, staged.tables)
      if (differences.length) throw new BackupError('checksum_mismatch', { entry: differences.join(', ') })
    }
    progress.update('check', 1)

    // 2. Only now the live data.
    if (target.dialect === 'sqlite') {
      log(t('restore_copy', { file: target.file }))
      await copyIntoLive(stagedDb, target.file, (d, n) => progress.update('copy', d / n))
    } else {
      log(t('restore_load', { database: target.connection.database }))
      await importMysql(target.connection, stagedDb, { onBytes: (d, n) => progress.update('load', d / n) })
    }
    if (withAttachments) {
      if (existsSync(options.storagePath)) {
        previousStorage = `${options.storagePath.replace(/[\\/]+$/, '')}_${DateTime.now().toFormat('yyyy_MM_dd__HH_mm_ss')}`
        await rename(options.storagePath, previousStorage)
      }
      await rename(stagedStorage, options.storagePath)
      log(t('restore_attachments', { files: attachmentEntries.length, previous: previousStorage ? basename(previousStorage) : '-' }))
    }

    // 3. What is in the database now must be what was backed up.
    log(t('restore_verify'))
    const tables =
      target.dialect === 'sqlite'
        ? (await digestSqlite(target.file, (d, n) => progress.update('verify', d / n))).tables
        : await digestMysql(target.connection)
    const differences = compareSummaries(manifest.tables, tables)
    if (differences.length) throw new BackupError('restore_check_failed', { details: differences.join(', ') })
    progress.update('verify', 1)
    log(t('restore_done', { tables: tables.length, rows: tables.reduce((s, x) => s + x.rows, 0) }))
    return { manifest, tables, previousStorage }
  } finally {
    await archive.close().catch(() => {})
    await rm(stagedDb, { force: true })
    await rm(stagedStorage, { recursive: true, force: true })
  }
}
