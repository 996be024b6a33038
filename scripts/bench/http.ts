/*
| npm run bench: HTTP benchmark of patient search and chart against a bare JSON route of the
| same server, in the same run, on SQLite and on MariaDB (when one answers), with 100,000
| demo patients. Figures are printed side by side and saved under bench-results/.
| The server runs the TypeScript sources with NODE_ENV=production (no build step needed).
*/
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import Database from 'better-sqlite3'

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 100_000)
const DURATION = Number(process.env.BENCH_SECONDS ?? 8)
const CONNECTIONS = 10
const SEED_VERSION = 'v1'
const root = new URL('../../', import.meta.url).pathname
const node = process.execPath

interface Target { name: string; env: Record<string, string> }

function ace(args: string[], env: Record<string, string>) {
  execFileSync(node, ['ace.js', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' })
}

async function prepareSqlite(): Promise<Target | null> {
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  const file = `tmp/bench/bench-${SEED_VERSION}-${PATIENTS}.sqlite3`
  const env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: file }
  if (!existsSync(`${root}${file}`)) {
    const started = Date.now()
    ace(['migration:run', '--force'], env)
    ace(['demo:seed', `--patients=${PATIENTS}`], env)
    console.log(`  SQLite seeded with ${PATIENTS} patients in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  return { name: 'SQLite', env }
}

async function prepareMysql(): Promise<Target | null> {
  const conn = { host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? 'root', password: process.env.MYSQL_PASSWORD ?? '' }
  const database = `studio_mg_bench_${SEED_VERSION}_${PATIENTS}`
  let client
  try {
    client = await mysql.createConnection({ ...conn, connectTimeout: 3000 })
  } catch {
    console.log('  MariaDB/MySQL: no server answered, skipped')
    return null
  }
  const [rows] = (await client.query('select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?', [database, 'patients'])) as any
  let ready = rows[0].n > 0
  if (ready) {
    const [[count]] = (await client.query(`select count(*) as n from \`${database}\`.patients`)) as any
    ready = Number(count.n) >= PATIENTS
  }
  const env = { DB_CONNECTION: 'mysql', MYSQL_DB_NAME: database, MYSQL_HOST: conn.host, MYSQL_PORT: String(conn.port), MYSQL_USER: conn.user }
  if (!ready) {
    await client.query(`drop database if exists \`${database}\``)
    await client.query(`create database \`${database}\` character set utf8mb4 collate utf8mb4_unicode_ci`)
    const started = Date.now()
    ace(['migration:run', '--force'], env)
    ace(['demo:seed', `--patients=${PATIENTS}`], env)
    console.log(`  MariaDB seeded with ${PATIENTS} patients in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  await client.end()
  return { name: 'MariaDB', env }
}

async function startServer(target: Target, port: number) {
  const child = spawn(node, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: root,
    env: { ...process.env, ...target.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', STUDIO_BENCH: '1', LOG_LEVEL: 'warn', SESSION_DRIVER: 'cookie' },
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

/** Logs in as the demo titolare and returns the session cookies. */
async function login(base: string) {
  const page = await fetch(`${base}/login`)
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0])
  const token = (await page.text()).match(/name='_csrf' value='([^']+)'/)![1]
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.join('; ') },
    body: new URLSearchParams({ _csrf: token, username: 'rossi', password: 'Demo2026!' }),
  })
  const all = new Map(cookies.map((c) => [c.split('=')[0], c]))
  for (const c of res.headers.getSetCookie()) all.set(c.split('=')[0], c.split(';')[0])
  if (res.headers.get('location') !== '/') throw new Error('bench login failed')
  return [...all.values()].join('; ')
}

async function run(url: string, headers: Record<string, string>, paths?: string[]) {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: paths ? [{ setupRequest: (req: any) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)] }) }] : undefined,
  })
  const non2xx = result.non2xx + result.errors
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: non2xx }
}

async function benchTarget(target: Target, port: number) {
  const server = await startServer(target, port)
  try {
    const base = `http://127.0.0.1:${port}`
    const cookie = await login(base)
    const sample = target.name === 'SQLite'
      ? (() => {
          const db = new Database(`${root}${target.env.SQLITE_PATH}`, { readonly: true })
          const rows = db.prepare('select id, fiscal_code from patients where doctor_id in (select id from users where username = ?) limit 500').all('rossi') as any[]
          db.close()
          return rows
        })()
      : await (async () => {
          const c = await mysql.createConnection({ host: target.env.MYSQL_HOST, port: Number(target.env.MYSQL_PORT), user: target.env.MYSQL_USER, password: '', database: target.env.MYSQL_DB_NAME })
          const [rows] = (await c.query('select id, fiscal_code from patients where doctor_id in (select id from users where username = ?) limit 500', ['rossi'])) as any
          await c.end()
          return rows
        })()
    const auth = { cookie, 'HX-Request': 'true' }
    const results: Record<string, any> = {}
    results.bare = await run(`${base}/bench/bare`, {})
    results.search_surname = await run(`${base}/pazienti?q=ros`, auth)
    results.search_cf = await run(`${base}/pazienti?q=${sample[0].fiscal_code}`, auth)
    results.search_year = await run(`${base}/pazienti?q=1956`, auth)
    results.chart = await run(`${base}/pazienti/1`, { cookie }, sample.map((r: any) => `/pazienti/${r.id}`))
    return results
  } finally {
    server.kill('SIGTERM')
    await sleep(500)
  }
}

function report(name: string, results: Record<string, any>) {
  const bare = results.bare.rps
  const line = (label: string, r: any, target: string) =>
    `  ${label.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${((r.rps / bare) * 100).toFixed(0).padStart(4)}% of bare  ${r.errors ? r.errors + ' errors ' : ''}${target}`
  console.log(`\n${name} — ${PATIENTS} patients, ${CONNECTIONS} connections, ${DURATION} s each`)
  console.log(line('bare JSON route', results.bare, ''))
  console.log(line('search: surname prefix', results.search_surname, '(target p99 < 25 ms, ≥ 40% of bare)'))
  console.log(line('search: codice fiscale', results.search_cf, '(target p99 < 25 ms, ≥ 40% of bare)'))
  console.log(line('search: birth year', results.search_year, '(target p99 < 25 ms, ≥ 40% of bare)'))
  console.log(line('open a chart', results.chart, '(target p99 < 40 ms)'))
}

const all: Record<string, any> = {}
for (const prepare of [prepareSqlite, prepareMysql]) {
  const target = await prepare()
  if (!target) continue
  all[target.name] = await benchTarget(target, 3450 + Object.keys(all).length)
  report(target.name, all[target.name])
}
mkdirSync(`${root}bench-results`, { recursive: true })
const file = `${root}bench-results/http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
writeFileSync(file, JSON.stringify({ patients: PATIENTS, connections: CONNECTIONS, duration: DURATION, results: all }, null, 2))
console.log(`\nSaved ${file.replace(root, '')}`)
void rmSync
