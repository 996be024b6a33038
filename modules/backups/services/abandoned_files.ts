/*
| Work files carry the pid of the process that writes them (`<prefix><pid>-<random>...`):
| a process killed mid-way cannot clean up, so the next run removes what it left behind
| (partial archives, plaintext snapshots, restore staging), once that pid is gone.
*/
import { randomBytes } from 'node:crypto'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

export function workFileName(prefix: string, suffix = '') {
  return `${prefix}${process.pid}-${randomBytes(4).toString('hex')}${suffix}`
}

export function processAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error?.code === 'EPERM'
  }
}

export async function removeAbandoned(dir: string, prefix: string) {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue
    const pid = Number(name.slice(prefix.length).split('-')[0])
    if (pid && pid !== process.pid && !processAlive(pid)) await rm(join(dir, name), { recursive: true, force: true })
  }
}
