/*
| npm run bench: HTTP benchmark of patient search and chart against a bare JSON route of the
| same server, in the same run, on SQLite and on MariaDB (when one answers), with 100,000
| demo patients. Figures are printed side by side and saved under bench-results/.
| The server runs the TypeScript sources with NODE_ENV=production (no build step needed).
*/
import { mkdirSync, writeFileSync } from 'node:fs'
import mysql from 'mysql2/promise'
import Database from 'better-sqlite3'
import { root, prepareSqlite as sqliteTarget, prepareMysql as mysqlTarget, type Target } from './support/targets.js'
import { startServer, stopServer, login, run as runAutocannon } from './support/server.js'

const PATIENTS = Number(process.env.BENCH_PATIENTS ?? 100_000)
const DURATION = Number(process.env.BENCH_SECONDS ?? 8)
const CONNECTIONS = 10
const SEED_VERSION = 'v1'

const prepareSqlite = () => sqliteTarget(`tmp/bench/bench-${SEED_VERSION}-${PATIENTS}.sqlite3`, PATIENTS)
const prepareMysql = () => mysqlTarget(`studio_mg_bench_${SEED_VERSION}_${PATIENTS}`, PATIENTS)
const run = (url: string, headers: Record<string, string>, paths?: string[]) =>
  runAutocannon(url, headers, { connections: CONNECTIONS, duration: DURATION, paths })

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
    await stopServer(server)
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
