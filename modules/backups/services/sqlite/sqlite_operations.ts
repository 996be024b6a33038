/*
| The main-thread side of the SQLite worker: one worker per operation, its progress
| forwarded, an AbortSignal that terminates it.
*/
import { Worker } from 'node:worker_threads'
import type { TableSummary } from '../table_digest.js'
import type { MigrationState } from '../manifest.js'
import type { SqliteOperation } from './sqlite_worker.js'

export type Progress = (done: number, total: number) => void

const workerUrl = new URL('./sqlite_worker.js', import.meta.url)

// Under the TypeScript loader (development, tests) the worker needs it too; a build runs .js.
function execArgv(): string[] {
  if (!import.meta.url.endsWith('.ts')) return []
  return [`--import=${import.meta.resolve('@poppinss/ts-exec')}`]
}

function run<T>(operation: SqliteOperation, onProgress?: Progress, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const worker = new Worker(workerUrl, { workerData: operation, execArgv: execArgv() })
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      signal?.removeEventListener('abort', onAbort)
      fn()
    }
    const onAbort = () => {
      void worker.terminate()
      finish(() => reject(signal!.reason))
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.on('message', (message: any) => {
      if (message.type === 'progress') onProgress?.(message.done, message.total)
      else if (message.type === 'done') finish(() => resolve(message.result as T))
      else if (message.type === 'error') finish(() => reject(new Error(message.message)))
    })
    worker.on('error', (error) => finish(() => reject(error)))
    worker.on('exit', (code) => finish(() => reject(new Error(`SQLite worker exited with code ${code}`))))
  })
}

/** Online backup API: the live file copied page by page into a standalone snapshot. */
export function snapshotSqlite(live: string, dest: string, onProgress?: Progress, signal?: AbortSignal) {
  return run<void>({ op: 'copy', source: live, dest, standalone: true }, onProgress, signal)
}

/** Restore: the verified snapshot copied into the live file, under SQLite's own locks. */
export function copyIntoLive(snapshot: string, live: string, onProgress?: Progress) {
  return run<void>({ op: 'copy', source: snapshot, dest: live, standalone: false }, onProgress)
}

export function digestSqlite(file: string, onProgress?: Progress, signal?: AbortSignal) {
  return run<{ tables: TableSummary[]; migrations: MigrationState }>({ op: 'digest', file }, onProgress, signal)
}

/** 'ok' when SQLite finds the file sound, else its list of problems. */
export function checkSqlite(file: string, signal?: AbortSignal) {
  return run<string>({ op: 'check', file }, undefined, signal)
}
