/*
| The server under benchmark: the production build (`node ace build`, made once per run, as
| `npm start` serves it) with NODE_ENV=production, a logged-in session, and one autocannon run.
| BENCH_FROM_SOURCES=1 runs the TypeScript sources instead (slower: the loader is consulted on
| every dynamic import). BENCH_SKIP_BUILD=1 reuses the build already in build/.
*/
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, symlinkSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import { root, node, type Target } from './targets.js'

let built = process.env.BENCH_SKIP_BUILD === '1'

/** Builds the production server once per benchmark run. */
function ensureBuild() {
  if (built) return
  process.stdout.write('building the production server (node ace build)…\n')
  execFileSync(node, ['ace', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  cpSync(join(root, 'public'), join(root, 'build/public'), { recursive: true })
  if (existsSync(join(root, '.env'))) cpSync(join(root, '.env'), join(root, 'build/.env'))
  if (!existsSync(join(root, 'build/node_modules'))) symlinkSync('../node_modules', join(root, 'build/node_modules'))
  built = true
}

export async function startServer(target: Target, port: number, extraEnv: Record<string, string> = {}) {
  const fromSources = process.env.BENCH_FROM_SOURCES === '1'
  if (!fromSources) ensureBuild()
  // The build runs in build/: database and storage paths must not depend on the folder.
  const env = Object.fromEntries(
    Object.entries(target.env).map(([k, v]) => [k, (k === 'SQLITE_PATH' || k === 'STORAGE_PATH') && v && !isAbsolute(v) ? join(root, v) : v])
  )
  const child = spawn(node, fromSources ? ['--import=@poppinss/ts-exec', 'bin/server.ts'] : ['bin/server.js'], {
    cwd: fromSources ? root : join(root, 'build'),
    env: { ...process.env, ...env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', STUDIO_BENCH: '1', LOG_LEVEL: 'warn', SESSION_DRIVER: 'cookie', ...extraEnv },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/bench/bare`)).ok) return child
    } catch {}
    await sleep(200)
  }
  child.kill()
  throw new Error('server did not start')
}

/** SIGTERM, then SIGKILL if the server has not exited within a few seconds. */
export async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  if ((await Promise.race([exited, sleep(5000).then(() => 'timeout')])) === 'timeout') {
    child.kill('SIGKILL')
    await exited
  }
}

/** Logs in as a demo user (the titolare rossi by default) and returns the session cookies. */
export async function login(base: string, username = 'rossi') {
  const page = await fetch(`${base}/login`)
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0])
  const token = (await page.text()).match(/name='_csrf' value='([^']+)'/)![1]
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: token, username, password: 'Demo2026!' }),
  })
  const all = new Map(cookies.map((c) => [c.split('=')[0], c]))
  for (const c of res.headers.getSetCookie()) all.set(c.split('=')[0], c.split(';')[0])
  if (res.headers.get('location') !== '/') throw new Error('bench login failed')
  return [...all.values()].join('; ')
}

export interface RunResult {
  rps: number
  p50: number
  p99: number
  errors: number
}

export async function run(
  url: string,
  headers: Record<string, string>,
  options: { connections: number; duration: number; paths?: string[] }
): Promise<RunResult> {
  const { paths } = options
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    headers,
    requests: paths ? [{ setupRequest: (req: any) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }] : undefined,
  })
  const non2xx = result.non2xx + result.errors
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: non2xx }
}

/** True when a Redis answers on REDIS_HOST (default 127.0.0.1:6379): several web processes need it. */
export async function redisAnswers(host = process.env.REDIS_HOST || '127.0.0.1', port = Number(process.env.REDIS_PORT ?? 6379)) {
  const { connect } = await import('node:net')
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}
