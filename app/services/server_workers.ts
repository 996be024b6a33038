/*
| One web process per core. Node serves a page on one core; on a machine with several, the
| production server runs STUDIO_WORKERS processes (`auto`: one per core) sharing the port.
| They share what must be shared: the database, the file sessions and the database store of
| the login limiter already are; live notifications and jobs need Redis (REDIS_HOST), so
| without it the server stays a single process and says why. The primary only supervises: it
| restarts a worker that dies and passes SIGTERM on.
*/
import cluster from 'node:cluster'
import { existsSync, readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'

type Env = Record<string, string | undefined>

/** The variables the primary needs before any app code runs: the environment, then .env. */
export function serverSettings(appRoot: URL): Env {
  const file = new URL('.env', appRoot)
  const fromFile: Env = {}
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const match = /^\s*(STUDIO_WORKERS|REDIS_HOST)\s*=\s*(.*?)\s*$/.exec(line)
      if (match) fromFile[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2')
    }
  }
  return { STUDIO_WORKERS: process.env.STUDIO_WORKERS ?? fromFile.STUDIO_WORKERS, REDIS_HOST: process.env.REDIS_HOST ?? fromFile.REDIS_HOST }
}

/** How many web processes to run, with the reason when it is fewer than asked. */
export function plannedWorkers(env: Env, cores = availableParallelism()): { count: number; warning: string | null } {
  const asked = (env.STUDIO_WORKERS ?? '1').trim().toLowerCase()
  const count = asked === 'auto' ? cores : Number.parseInt(asked, 10)
  if (!Number.isInteger(count) || count < 1) {
    return { count: 1, warning: `STUDIO_WORKERS="${env.STUDIO_WORKERS}" non è valido (un numero o "auto"): avvio con un solo processo.` }
  }
  if (count > 1 && !env.REDIS_HOST) {
    return {
      count: 1,
      warning: `STUDIO_WORKERS=${asked} richiede REDIS_HOST (notifiche in tempo reale e lavori condivisi fra i processi): avvio con un solo processo.`,
    }
  }
  return { count, warning: null }
}

// A worker that keeps dying at start would be restarted forever: give up after a few.
const QUICK_DEATH_MS = 5_000
const MAX_QUICK_DEATHS = 5

/** Forks `count` workers, restarts those that die, stops them all on SIGTERM/SIGINT. */
export function superviseWorkers(count: number) {
  let stopping = false
  let quickDeaths = 0
  const started = new Map<number, number>()
  const fork = () => {
    const worker = cluster.fork()
    started.set(worker.id, Date.now())
  }
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker.id) ?? 0)
    started.delete(worker.id)
    if (stopping) {
      if (started.size === 0) process.exit(0)
      return
    }
    quickDeaths = lived < QUICK_DEATH_MS ? quickDeaths + 1 : 0
    console.error(`worker ${worker.process.pid} exited (${signal ?? code})${quickDeaths >= MAX_QUICK_DEATHS ? '' : ': restarting it'}`)
    if (quickDeaths >= MAX_QUICK_DEATHS) {
      console.error('the workers keep exiting at start: stopping the server')
      stopping = true
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM')
      process.exitCode = 1
      if (started.size === 0) process.exit(1)
      return
    }
    setTimeout(fork, 1_000)
  })
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      stopping = true
      if (started.size === 0) process.exit(0)
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    })
  }
  for (let i = 0; i < count; i++) fork()
}
