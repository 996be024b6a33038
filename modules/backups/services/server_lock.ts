/*
| "Is Studio MG running on this database?" The web server writes a small lock file while it
| runs (the module's boot hook); a restore refuses while that process is alive. One lock per
| database, so that two installations (or test runs) on one machine do not see each other.
*/
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { DatabaseTarget } from './database_target.js'

export interface ServerLock {
  pid: number
  startedAt: string
}

export function lockFileFor(target: DatabaseTarget, dir: string): string {
  const identity =
    target.dialect === 'sqlite'
      ? `sqlite:${target.file}`
      : `mysql:${target.connection.host}:${target.connection.port}/${target.connection.database}`
  const label = target.dialect === 'sqlite' ? basename(target.file) : target.connection.database
  const digest = createHash('sha256').update(identity).digest('hex').slice(0, 12)
  return join(dir, `server-${label.replace(/[^\w.-]+/g, '_')}-${digest}.pid`)
}

export function writeServerLock(file: string, pid = process.pid) {
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, JSON.stringify({ pid, startedAt: new Date().toISOString() } satisfies ServerLock))
}

/** Removes the lock only if it is ours (a newer server may have taken it over). */
export function removeServerLock(file: string, pid = process.pid) {
  const lock = readLock(file)
  if (lock && lock.pid === pid) rmSync(file, { force: true })
}

function readLock(file: string): ServerLock | null {
  if (!existsSync(file)) return null
  try {
    const lock = JSON.parse(readFileSync(file, 'utf8'))
    return Number.isInteger(lock?.pid) ? lock : null
  } catch {
    return null
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error?.code === 'EPERM'
  }
}

/** The running server's lock, or null (no file, or the process that wrote it is gone). */
export function runningServer(file: string): ServerLock | null {
  const lock = readLock(file)
  if (!lock || lock.pid === process.pid || !alive(lock.pid)) return null
  return lock
}
