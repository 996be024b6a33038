/*
| SQLite work done off the main thread: the online backup of the live file, the row digests
| of a snapshot and the copy back into the live file on restore. better-sqlite3 is
| synchronous: in the web server's thread a large database would freeze every page.
*/
import { parentPort, workerData } from 'node:worker_threads'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import { TableDigest, type TableSummary } from '../table_digest.js'
import type { MigrationState } from '../manifest.js'

export type SqliteOperation =
  | { op: 'copy'; source: string; dest: string; standalone: boolean }
  | { op: 'digest'; file: string }
  | { op: 'check'; file: string }

const send = (message: unknown) => parentPort!.postMessage(message)
const progress = (done: number, total: number) => send({ type: 'progress', done, total })
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * The online backup API, page by page: consistent even while the server writes. Should
 * another connection write meanwhile, SQLite restarts the copy; after one restart the rest
 * goes in a single step (one read transaction), so a busy studio cannot make it loop.
 */
async function copy(source: string, dest: string, standalone: boolean) {
  const db = new Database(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 10000')
    let lastRemaining = Number.POSITIVE_INFINITY
    let restarted = false
    await db.backup(dest, {
      progress({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }) {
        if (remainingPages > lastRemaining) restarted = true
        lastRemaining = remainingPages
        progress(totalPages - remainingPages, totalPages)
        return restarted ? 0x7fffffff : Math.max(256, Math.ceil(totalPages / 25))
      },
    })
  } finally {
    db.close()
  }
  // A snapshot travels alone in the archive: no -wal/-shm companions needed to open it.
  if (standalone) {
    const snapshot = new Database(dest, { fileMustExist: true })
    try {
      snapshot.pragma('journal_mode = DELETE')
    } finally {
      snapshot.close()
    }
  }
}

function primaryKey(db: any, table: string): string[] {
  return (db.prepare(`pragma table_info(${quote(table)})`).all() as any[])
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name)
}

/** Row count and checksum of every table, in primary-key (or rowid) order, and the migrations. */
function digest(file: string): { tables: TableSummary[]; migrations: MigrationState } {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const tables = (
      db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as any[]
    ).map((t) => t.name as string)
    const summaries: TableSummary[] = []
    // One read transaction: every table from the same moment.
    db.exec('begin')
    try {
      tables.forEach((table, index) => {
        const pk = primaryKey(db, table)
        const order = pk.length ? pk.map(quote).join(', ') : 'rowid'
        const rows = db.prepare(`select * from ${quote(table)} order by ${order}`).raw(true).safeIntegers(true)
        const tableDigest = new TableDigest(table)
        for (const row of rows.iterate()) tableDigest.add(row as unknown[])
        summaries.push(tableDigest.summary())
        progress(index + 1, tables.length)
      })
    } finally {
      db.exec('commit')
    }
    return { tables: summaries, migrations: migrationState(db, tables) }
  } finally {
    db.close()
  }
}

function migrationState(db: any, tables: string[]): MigrationState {
  if (!tables.includes('adonis_schema')) return { batch: 0, names: [] }
  const rows = db.prepare('select name, batch from adonis_schema order by id').all() as any[]
  return { batch: Math.max(0, ...rows.map((r) => Number(r.batch))), names: rows.map((r) => String(r.name)) }
}

/** SQLite's own structural check: a damaged file never replaces the live one. */
function check(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = db.prepare('pragma integrity_check').all() as any[]
    return rows.map((r) => r.integrity_check).join('; ')
  } finally {
    db.close()
  }
}

async function main(task: SqliteOperation) {
  if (task.op === 'copy') return copy(task.source, task.dest, task.standalone)
  if (task.op === 'digest') return digest(task.file)
  return check(task.file)
}

main(workerData as SqliteOperation).then(
  (result) => send({ type: 'done', result }),
  (error) => send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
)
