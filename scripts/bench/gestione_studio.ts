/*
| Gestione Studio benchmark: one titolare's day with 2,000 prescriptions (a realistic mix of
| states, one or two items each) on SQLite and on MariaDB (when one answers). The demo studio is
| seeded once and cached; the day's prescriptions are rewritten when the cached ones are not of
| today. autocannon at 10 connections drives the full page, the list fragment that the live
| refresh fetches, and the bare JSON route of the same server; the target is p99 < 50 ms. Each
| URL gets 2 s of warm-up first (not counted), then BENCH_ROUNDS (3) rounds: the median one is
| reported with every round's p99. The page is measured twice: on a still day (the
| list written once is reused while the day's fingerprint holds) and on a busy one, where a
| prescription of the day changes every 100 ms (far more often than in a real studio): after
| each change the next answer writes the list again.
|
|   scripts/with-node.sh node --import=@poppinss/ts-exec scripts/bench/gestione_studio.ts
|
| BENCH_SECONDS (8), BENCH_ROUNDS (3), BENCH_RX_PATIENTS (5,000 demo patients), BENCH_RX_COUNT (2,000).
*/
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { root, node, prepareSqlite, prepareMysql, type Target } from './support/targets.js'
import { availableParallelism } from 'node:os'
import { startServer, stopServer, login, run, redisAnswers, type RunResult } from './support/server.js'
import { mysqlSettings } from './support/targets.js'

const PATIENTS = Number(process.env.BENCH_RX_PATIENTS ?? 5_000)
const COUNT = Number(process.env.BENCH_RX_COUNT ?? 2_000)
const DURATION = Number(process.env.BENCH_SECONDS ?? 8)
const CONNECTIONS = 10
const TARGET_P99_MS = 50
const SEED_VERSION = 'v1'
const BATCH = 400
const GROUP_PREFIX = 'bench-'
const WARM_UP_SECONDS = 2
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CHANGE_EVERY_MS = 100

/** Share of the day's prescriptions in each state (a busy day seen in the afternoon). */
const STATE_MIX: Array<[string, number]> = [
  ['DRAFT', 2],
  ['AWAITING_VALIDATION', 14],
  ['VALIDATED', 2],
  ['SENDING', 1],
  ['PENDING', 2],
  ['ACCEPTED', 28],
  ['REJECTED', 2],
  ['DELIVERED', 32],
  ['DISPENSING', 3],
  ['DISPENSED', 6],
  ['CANCEL_REQUESTED', 1],
  ['CANCELLED', 5],
  ['DISCARDED', 2],
]

/** The events that lead from DRAFT to each state, as the state machine allows them. */
const PATHS: Record<string, Array<[string, string]>> = {
  DRAFT: [],
  AWAITING_VALIDATION: [['submit', 'AWAITING_VALIDATION']],
  VALIDATED: [['approve', 'VALIDATED']],
  SENDING: [['approve', 'VALIDATED'], ['send', 'SENDING']],
  PENDING: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['send_failed', 'PENDING']],
  ACCEPTED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED']],
  REJECTED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['rejected', 'REJECTED']],
  DELIVERED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED'], ['deliver', 'DELIVERED']],
  DISPENSING: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED'], ['deliver', 'DELIVERED'], ['dispensing', 'DISPENSING']],
  DISPENSED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED'], ['deliver', 'DELIVERED'], ['dispensed', 'DISPENSED']],
  CANCEL_REQUESTED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED'], ['cancel', 'CANCEL_REQUESTED']],
  CANCELLED: [['approve', 'VALIDATED'], ['send', 'SENDING'], ['accepted', 'ACCEPTED'], ['cancel', 'CANCEL_REQUESTED'], ['cancel_confirmed', 'CANCELLED']],
  DISCARDED: [['submit', 'AWAITING_VALIDATION'], ['refuse', 'DISCARDED']],
}

const FALLBACK_DRUGS = [
  { code: '012745093', description: 'TACHIPIRINA*20CPR 500MG' },
  { code: '035860029', description: 'KEPPRA*60CPR RIV 500MG' },
  { code: '026089019', description: 'AUGMENTIN*12CPR RIV 875MG+125MG' },
  { code: '027008018', description: 'NORVASC*14CPR 10MG' },
  { code: '029088026', description: 'EUTIROX*50CPR 75MCG' },
]
const FALLBACK_SERVICES = [
  { code: '88.74.1', description: "ECOGRAFIA DELL'ADDOME SUPERIORE" },
  { code: '90.62.2', description: 'EMOCROMO: ESAME CITOMETRICO E CONTEGGIO LEUCOCITARIO' },
  { code: '89.52', description: 'ELETTROCARDIOGRAMMA' },
]

/** A small deterministic generator: the same day every time for the same seed. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Runs in a child process with the target's database settings: boots the app in console mode
 * and writes the titolare's prescriptions of today with the query builder, unless they are
 * already there. Prints the titolare's id.
 */
async function seedDay() {
  const { bootConsoleApp } = await import('./support/console_app.js')
  const app = await bootConsoleApp()
  const { default: db } = await import('@adonisjs/lucid/services/db')
  const { DateTime } = await import('luxon')
  const { dayBounds } = await import('#modules/prescriptions/queries/studio_day')

  const users = await db.from('users').whereIn('username', ['rossi', 'segreteria', 'infermiera']).select('id', 'username')
  const id = (name: string) => users.find((u) => u.username === name)!.id as number
  const doctorId = id('rossi')
  const today = DateTime.now().setZone('Europe/Rome').startOf('day')
  const [from, to] = dayBounds(today.toISODate()!)
  const present = await db.from('prescriptions').where('prescriber_id', doctorId).where('created_at', '>=', from).where('created_at', '<', to).where('group_key', 'like', `${GROUP_PREFIX}%`).count('* as n').first()
  if (Number(present?.n ?? 0) !== COUNT) {
    const started = Date.now()
    const old = db.from('prescriptions').where('group_key', 'like', `${GROUP_PREFIX}%`).select('id')
    await db.from('prescription_events').whereIn('prescription_id', old).delete()
    await db.from('prescription_items').whereIn('prescription_id', db.from('prescriptions').where('group_key', 'like', `${GROUP_PREFIX}%`).select('id')).delete()
    await db.from('prescriptions').where('group_key', 'like', `${GROUP_PREFIX}%`).delete()

    const patients = (await db.from('patients').where('doctor_id', doctorId).orderBy('id').limit(COUNT).select('id')).map((p) => p.id as number)
    if (!patients.length) throw new Error('the demo titolare has no patients')
    const drugs = (await db.from('drugs').whereNotNull('pack').limit(300).select('aic', 'name', 'pack')).map((d) => ({ code: d.aic, description: `${d.name}*${d.pack}`.slice(0, 300) }))
    const services = (await db.from('catalogue_items').limit(300).select('national_code', 'description')).map((s) => ({ code: s.national_code, description: String(s.description).slice(0, 300) }))
    const drugList = drugs.length ? drugs : FALLBACK_DRUGS
    const serviceList = services.length ? services : FALLBACK_SERVICES

    const rnd = random(2026)
    const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)]
    const totalWeight = STATE_MIX.reduce((n, [, w]) => n + w, 0)
    const pickState = () => {
      let r = rnd() * totalWeight
      for (const [state, weight] of STATE_MIX) if ((r -= weight) < 0) return state
      return 'ACCEPTED'
    }
    const sql = (t: { toUTC(): { toSQL(o: { includeOffset: boolean }): string | null } }) => t.toUTC().toSQL({ includeOffset: false })!
    const maxRow = await db.from('prescriptions').max('id as id').first()
    let nextId = Number(maxRow?.id ?? 0) + 1
    const headers: any[] = []
    const items: any[] = []
    const events: any[] = []
    for (let n = 0; n < COUNT; n++) {
      const prescriptionId = nextId++
      const state = pickState()
      const drug = rnd() < 0.8
      const byStaff = state === 'AWAITING_VALIDATION' || state === 'DISCARDED' || rnd() < 0.4
      const preparedBy = byStaff ? id(rnd() < 0.7 ? 'segreteria' : 'infermiera') : doctorId
      // 07:30 to 20:00, Rome time, in order of the id.
      const created = today.plus({ minutes: 450 + Math.floor((n / COUNT) * 750) })
      const path = PATHS[state]
      const validated = path.some(([, to]) => to === 'VALIDATED')
      const sent = path.some(([, to]) => to === 'SENDING')
      const accepted = path.some(([, to]) => to === 'ACCEPTED')
      const exempt = rnd() < 0.3
      headers.push({
        id: prescriptionId,
        kind: drug ? 'DEM_FARMACEUTICA' : 'DEM_SPECIALISTICA',
        state,
        patient_id: pick(patients),
        prescriber_id: doctorId,
        substitute_id: null,
        prepared_by_user_id: preparedBy,
        validated_by_user_id: validated ? doctorId : null,
        sent_by_user_id: sent ? doctorId : null,
        clinic_id: null,
        group_key: `${GROUP_PREFIX}${prescriptionId}`,
        group_index: 1,
        group_size: rnd() < 0.05 ? 2 : 1,
        obscured: false,
        exemption_code: exempt ? pick(['013', '031', '048', 'E01']) : null,
        not_exempt: !exempt,
        income_exempt: false,
        diagnosis_code: drug ? null : '789.00',
        diagnosis_text: drug ? null : 'DOLORE ADDOMINALE',
        priority: drug ? null : pick(['B', 'D', 'P']),
        visit_type: 'A',
        delivery: 'print',
        awaiting_print: state === 'ACCEPTED' && rnd() < 0.7,
        compiled_at: validated ? created.plus({ minutes: 2 }).toFormat('yyyy-LL-dd HH:mm:ss') : null,
        nre: accepted ? `1200A${String(4_000_000_000 + prescriptionId).padStart(10, '0')}` : null,
        auth_code: accepted ? `${created.toFormat('ddLLyyyyHHmmss')}${String(prescriptionId).padStart(16, '0')}` : null,
        inserted_at: accepted ? created.plus({ minutes: 3 }).toFormat('yyyy-LL-dd HH:mm:ss') : null,
        remote_status: accepted ? '0' : null,
        messages: state === 'REJECTED' ? JSON.stringify([{ code: '5051', text: 'Codice prodotto non valido', itemIndex: 1, severity: 'blocking' }]) : null,
        attempts: sent ? (state === 'PENDING' ? 2 : 1) : 0,
        cancel_reason: state === 'CANCELLED' || state === 'DISCARDED' ? 'Farmaco già in terapia' : null,
        created_at: sql(created),
        updated_at: sql(created.plus({ minutes: path.length })),
        validated_at: validated ? sql(created.plus({ minutes: 1 })) : null,
        sent_at: sent ? sql(created.plus({ minutes: 2 })) : null,
      })
      const count = rnd() < 0.35 ? 2 : 1
      for (let position = 1; position <= count; position++) {
        const item = drug ? pick(drugList) : pick(serviceList)
        items.push({
          prescription_id: prescriptionId,
          position,
          code: item.code,
          description: item.description,
          quantity: drug ? (rnd() < 0.7 ? 1 : 2) : 1,
          not_substitutable: false,
          catalogue_code: drug ? null : item.code,
          access_type: drug ? null : '1',
          continuative: false,
        })
      }
      let from: string | null = 'DRAFT'
      path.forEach(([event, to], step) => {
        events.push({ prescription_id: prescriptionId, event, from_state: from, to_state: to, user_id: ['submit'].includes(event) ? preparedBy : doctorId, occurred_at: sql(created.plus({ minutes: step })) })
        from = to
      })
      if (!path.length) events.push({ prescription_id: prescriptionId, event: 'edit', from_state: null, to_state: 'DRAFT', user_id: preparedBy, occurred_at: sql(created) })
    }
    await db.transaction(async (trx) => {
      for (const [table, rows] of [['prescriptions', headers], ['prescription_items', items], ['prescription_events', events]] as const) {
        for (let i = 0; i < rows.length; i += BATCH) await trx.table(table).multiInsert(rows.slice(i, i + BATCH))
      }
    })
    console.error(`  ${COUNT} prescriptions of today written in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  console.log(JSON.stringify({ doctorId }))
  await app.terminate()
}

function prepareDay(target: Target): number {
  const out = execFileSync(node, ['--import=@poppinss/ts-exec', 'scripts/bench/gestione_studio.ts', '--seed-day'], {
    cwd: root,
    env: { ...process.env, ...target.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = out.toString().trim().split('\n').findLast((l) => l.startsWith('{'))
  return JSON.parse(line!).doctorId
}

/**
 * Changes one of the day's prescriptions every CHANGE_EVERY_MS while `during` runs, straight in
 * the database as another process of the studio would (the revision trigger sees it).
 * Returns how many changes were made.
 */
async function withChanges(target: Target, doctorId: number, during: () => Promise<Measured>): Promise<Measured & { changes: number }> {
  let update: (id: number) => Promise<unknown>
  let close: () => Promise<unknown>
  let ids: number[]
  const pickSql = `select id from prescriptions where prescriber_id = ? and group_key like '${GROUP_PREFIX}%' order by id desc limit 200`
  const toggleSql = 'update prescriptions set awaiting_print = 1 - awaiting_print where id = ?'
  if (target.env.DB_CONNECTION === 'mysql') {
    const mysql = (await import('mysql2/promise')).default
    const client = await mysql.createConnection({ ...mysqlSettings(), database: target.env.MYSQL_DB_NAME })
    ids = ((await client.query(pickSql, [doctorId])) as any)[0].map((r: any) => r.id)
    update = (id) => client.query(toggleSql, [id])
    close = () => client.end()
  } else {
    const Database = (await import('better-sqlite3')).default
    const file = new Database(`${root}${target.env.SQLITE_PATH}`)
    file.pragma('busy_timeout = 5000')
    ids = (file.prepare(pickSql).all(doctorId) as any[]).map((r) => r.id)
    const statement = file.prepare(toggleSql)
    update = async (id) => statement.run(id)
    close = async () => file.close()
  }
  let changes = 0
  let writing = Promise.resolve()
  const timer = setInterval(() => {
    writing = writing.then(() => update(ids[changes % ids.length])).then(() => void changes++)
  }, CHANGE_EVERY_MS)
  try {
    return { ...(await during()), changes }
  } finally {
    clearInterval(timer)
    await writing
    await close()
  }
}

type Measured = RunResult & { p99s: number[] }

/**
 * ROUNDS runs after WARM_UP_SECONDS of the same load (JIT, caches, connections); the round with
 * the median p99 is reported, with every round's p99 beside it: this machine's speed changes by
 * a third from one minute to the next, and one round alone says more about the minute.
 */
async function measured(url: string, headers: Record<string, string>, options: { connections: number; duration: number }): Promise<Measured> {
  await run(url, headers, { ...options, duration: WARM_UP_SECONDS })
  const rounds: RunResult[] = []
  for (let i = 0; i < ROUNDS; i++) rounds.push(await run(url, headers, options))
  const byP99 = [...rounds].sort((a, b) => a.p99 - b.p99)
  return { ...byP99[Math.floor(byP99.length / 2)], p99s: rounds.map((r) => r.p99) }
}

async function benchTarget(target: Target, port: number) {
  const doctorId = prepareDay(target)
  const results: Record<string, Measured & { kb?: number; rows?: number; changes?: number }> = {}
  const options = { connections: CONNECTIONS, duration: DURATION }
  const server = await startServer(target, port)
  try {
    const base = `http://127.0.0.1:${port}`
    const cookie = await login(base)
    const page = `${base}/gestione-studio?medico=${doctorId}&filtro=tutte`
    const check = await fetch(page, { headers: { cookie } })
    const html = await check.text()
    const rows = html.match(/data-prescription-id=/g)?.length ?? 0
    const total = Number(html.match(/data-testid="day-count">(?:[^<]* di )?(\d+)</)?.[1] ?? rows)
    if (!check.ok || total < COUNT) throw new Error(`Gestione Studio answered ${check.status} with ${total} prescriptions, expected at least ${COUNT}`)
    results.bare = await measured(`${base}/bench/bare`, {}, options)
    results.page = { ...(await measured(page, { cookie }, options)), kb: Math.round(Buffer.byteLength(html) / 1024), rows }
    results.fragment = await measured(page, { cookie, 'HX-Request': 'true', 'HX-Target': 'day-list' }, options)
    results.busyPage = await withChanges(target, doctorId, () => measured(page, { cookie }, options))
    results.busyFragment = await withChanges(target, doctorId, () => measured(page, { cookie, 'HX-Request': 'true', 'HX-Target': 'day-list' }, options))
  } finally {
    await stopServer(server)
  }
  // The production setting for a machine with several cores: one web process per core (Redis shared).
  if (availableParallelism() > 1 && (await redisAnswers())) {
    const workers = await startServer(target, port, { STUDIO_WORKERS: 'auto', REDIS_HOST: process.env.REDIS_HOST || '127.0.0.1', QUEUE_PREFIX: 'studio-mg-bench' })
    try {
      const base = `http://127.0.0.1:${port}`
      // The first worker answered; give the others the time to start listening too.
      await new Promise((resolve) => setTimeout(resolve, 3000))
      const cookie = await login(base)
      const page = `${base}/gestione-studio?medico=${doctorId}&filtro=tutte`
      results.workersPage = await measured(page, { cookie }, options)
      results.workersFragment = await measured(page, { cookie, 'HX-Request': 'true', 'HX-Target': 'day-list' }, options)
    } finally {
      await stopServer(workers)
    }
  }
  return results
}

function report(name: string, results: Record<string, Measured & { kb?: number; rows?: number; changes?: number }>) {
  const bare = results.bare.rps
  const line = (label: string, r: Measured, target: boolean) =>
    `  ${label.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms (rounds ${r.p99s.join('/')})  ${((r.rps / bare) * 100).toFixed(1).padStart(5)}% of bare  ${r.errors ? r.errors + ' errors ' : ''}${target ? (r.p99 < TARGET_P99_MS ? `p99 < ${TARGET_P99_MS} ms: met` : `p99 < ${TARGET_P99_MS} ms: NOT met`) : ''}`
  console.log(`\n${name} — Gestione Studio, ${COUNT} prescriptions of the day, ${CONNECTIONS} connections, ${DURATION} s each after ${WARM_UP_SECONDS} s of warm-up, median of ${ROUNDS} rounds`)
  console.log(line('bare JSON route', results.bare, false))
  console.log(line(`full page (${results.page.rows} rows, ${results.page.kb} KB)`, results.page, true))
  console.log(line('day list fragment (htmx)', results.fragment, true))
  const busy = `a change every ${CHANGE_EVERY_MS} ms`
  console.log(line(`full page, ${busy}`, results.busyPage, true) + `  (${results.busyPage.changes} changes)`)
  console.log(line(`fragment, ${busy}`, results.busyFragment, true) + `  (${results.busyFragment.changes} changes)`)
  if (results.workersPage) {
    const cores = availableParallelism()
    console.log(line(`full page, ${cores} web processes`, results.workersPage, true))
    console.log(line(`fragment, ${cores} web processes`, results.workersFragment, true))
  }
}

if (process.argv.includes('--seed-day')) {
  await seedDay()
} else {
  const all: Record<string, any> = {}
  const targets = [
    () => prepareSqlite(`tmp/bench/gestione-studio-${SEED_VERSION}-${PATIENTS}.sqlite3`, PATIENTS),
    () => prepareMysql(`studio_mg_bench_rx_${SEED_VERSION}_${PATIENTS}`, PATIENTS),
  ]
  for (const prepare of targets) {
    const target = await prepare()
    if (!target) continue
    all[target.name] = await benchTarget(target, 3460 + Object.keys(all).length)
    report(target.name, all[target.name])
  }
  mkdirSync(`${root}bench-results`, { recursive: true })
  const file = `${root}bench-results/gestione-studio-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
  writeFileSync(file, JSON.stringify({ prescriptions: COUNT, patients: PATIENTS, connections: CONNECTIONS, duration: DURATION, results: all }, null, 2))
  console.log(`\nSaved ${file.replace(root, '')}`)
}
