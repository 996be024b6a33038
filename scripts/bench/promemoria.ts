/*
| Promemoria benchmark: the desk selects N accepted prescriptions (200 by default) and prints
| them as one zip, through the module's own service (a PDF per prescription, rendered by the
| pooled Chromium, stored encrypted, added to the zip; those waiting for print become
| delivered). Runs on a throw-away copy of a small demo studio (seeded once under tmp/bench/)
| with its own storage folder, both removed at the end. Prints the seconds, PDFs/s and the peak
| memory of this process and of Chromium, sampled every 50 ms.
|
|   scripts/with-node.sh node --import=@poppinss/ts-exec scripts/bench/promemoria.ts [--count=200]
*/
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { root, prepareSqlite } from './support/targets.js'
import { bootConsoleApp } from './support/console_app.js'

const arg = (name: string, fallback: number) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`))
  return found ? Number(found.split('=')[1]) : fallback
}
const COUNT = arg('count', 200)
const SEED_VERSION = 'v1'
const BATCH = 400
const SAMPLE_MS = 50

// The demo studio is seeded once; every run works on a copy, so the PDFs are rendered, not read back.
const base = await prepareSqlite(`tmp/bench/promemoria-${SEED_VERSION}.sqlite3`, 300)
const runFile = `tmp/bench/promemoria-run-${process.pid}.sqlite3`
const storage = `${root}tmp/bench/promemoria-storage-${process.pid}`
copyFileSync(`${root}${base.env.SQLITE_PATH}`, `${root}${runFile}`)
mkdirSync(storage, { recursive: true })
Object.assign(process.env, base.env, { SQLITE_PATH: runFile, STORAGE_PATH: storage })

const app = await bootConsoleApp()

const { default: db } = await import('@adonisjs/lucid/services/db')
const { DateTime } = await import('luxon')
const { default: User } = await import('#models/user')
const { default: pdf } = await import('#services/pdf/main')
const { promemoriaZip } = await import('#modules/prescriptions/services/promemoria_zip')
const { renderPromemoria } = await import('#modules/prescriptions/services/promemoria/render_promemoria')
const { promemoriaFor } = await import('#modules/prescriptions/services/promemoria/promemoria_for')

/** N accepted prescriptions of the titolare rossi, with NRE, waiting for print at the desk. */
async function acceptedPrescriptions(count: number) {
  const doctor = await User.findByOrFail('username', 'rossi')
  const staff = await User.findByOrFail('username', 'segreteria')
  const patients = (await db.from('patients').where('doctor_id', doctor.id).orderBy('id').limit(count).select('id')).map((p) => p.id as number)
  const drugs = await db.from('drugs').whereNotNull('pack').orderBy('aic').limit(50).select('aic', 'name', 'pack', 'class', 'public_price_cents')
  if (!patients.length || !drugs.length) throw new Error('the demo studio has no patients or no drugs')
  const maxRow = await db.from('prescriptions').max('id as id').first()
  let nextId = Number(maxRow?.id ?? 0) + 1
  const now = DateTime.utc()
  const sql = (t: { toSQL(o: { includeOffset: boolean }): string | null }) => t.toSQL({ includeOffset: false })!
  const headers: any[] = []
  const items: any[] = []
  const events: any[] = []
  for (let n = 0; n < count; n++) {
    const id = nextId++
    const created = now.minus({ minutes: count - n })
    headers.push({
      id,
      kind: 'DEM_FARMACEUTICA',
      state: 'ACCEPTED',
      patient_id: patients[n % patients.length],
      prescriber_id: doctor.id,
      prepared_by_user_id: staff.id,
      validated_by_user_id: doctor.id,
      sent_by_user_id: doctor.id,
      group_key: `bench-${id}`,
      obscured: false,
      not_exempt: true,
      visit_type: 'A',
      delivery: 'print',
      awaiting_print: true,
      compiled_at: created.setZone('Europe/Rome').toFormat('yyyy-LL-dd HH:mm:ss'),
      nre: `1200A${String(4_000_000_000 + id).padStart(10, '0')}`,
      auth_code: `${created.toFormat('ddLLyyyyHHmmss')}${String(id).padStart(16, '0')}`,
      inserted_at: created.toFormat('yyyy-LL-dd HH:mm:ss'),
      remote_status: '0',
      regional_message: 'REGIONE LAZIO: la ricetta è valida 30 giorni dalla data di prescrizione.',
      attempts: 1,
      created_at: sql(created),
      updated_at: sql(created),
      validated_at: sql(created),
      sent_at: sql(created),
    })
    for (let position = 1; position <= 1 + (n % 3 === 0 ? 1 : 0); position++) {
      const drug = drugs[(n * 7 + position) % drugs.length]
      items.push({
        prescription_id: id,
        position,
        code: drug.aic,
        description: `${drug.name}*${drug.pack}`.slice(0, 300),
        quantity: 1 + (n % 2),
        not_substitutable: false,
        continuative: false,
        price_cents: drug.public_price_cents,
        drug_class: drug.class,
      })
    }
    for (const [step, [event, from, to]] of [['approve', 'DRAFT', 'VALIDATED'], ['send', 'VALIDATED', 'SENDING'], ['accepted', 'SENDING', 'ACCEPTED']].entries()) {
      events.push({ prescription_id: id, event, from_state: from, to_state: to, user_id: step === 2 ? null : doctor.id, occurred_at: sql(created) })
    }
  }
  await db.transaction(async (trx) => {
    for (const [table, rows] of [['prescriptions', headers], ['prescription_items', items], ['prescription_events', events]] as const) {
      for (let i = 0; i < rows.length; i += BATCH) await trx.table(table).multiInsert(rows.slice(i, i + BATCH))
    }
  })
  return { ids: headers.map((h) => h.id as number), staff }
}

/** Every process under pid (Chromium's browser, renderers, GPU and utility processes). */
function processTree(pid: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {}
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []))
  return tree
}

/** Proportional set size (shared pages split between the processes that map them), in bytes. */
function pssOf(pids: number[]) {
  let kb = 0
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0)
    } catch {}
  }
  return kb * 1024
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

try {
  const { ids, staff } = await acceptedPrescriptions(COUNT)
  // Chromium is launched once per process, at the first PDF of the day: not part of the batch.
  await renderPromemoria(await promemoriaFor(ids[0]))
  const browserPid = (await pdf.browser())?.process()?.pid ?? null
  let tree = browserPid ? processTree(browserPid) : []
  const before = { rss: process.memoryUsage().rss, chromium: pssOf(tree) }
  const peak = { ...before }
  let samples = 0
  const sampler = setInterval(() => {
    samples++
    peak.rss = Math.max(peak.rss, process.memoryUsage().rss)
    if (browserPid) {
      // Renderers come and go as pages are recycled: look for new ones now and then.
      if (samples % 20 === 0) tree = processTree(browserPid)
      peak.chromium = Math.max(peak.chromium, pssOf(tree))
    }
  }, SAMPLE_MS)

  const started = performance.now()
  const zip = await promemoriaZip(ids, staff)
  const seconds = (performance.now() - started) / 1000
  clearInterval(sampler)
  peak.rss = Math.max(peak.rss, process.memoryUsage().rss)
  if (!zip || zip.ids.length !== COUNT) throw new Error(`the zip holds ${zip?.ids.length ?? 0} promemoria, expected ${COUNT}`)
  const delivered = await db.from('prescriptions').whereIn('id', ids).where('state', 'DELIVERED').count('* as n').first()

  console.log(`\nPromemoria: ${COUNT} selected prescriptions printed as one zip (pooled Chromium), Node ${process.version}`)
  console.log(`  total                 ${seconds.toFixed(1).padStart(7)} s   ${(COUNT / seconds).toFixed(1)} PDF/s   zip ${mb(zip.content.length)} (${(zip.content.length / 1024).toFixed(0)} KB)`)
  console.log(`  peak RSS, this process ${mb(peak.rss).padStart(7)}   (${mb(before.rss)} before the batch, +${mb(peak.rss - before.rss)})`)
  if (browserPid) {
    console.log(`  peak PSS, Chromium     ${mb(peak.chromium).padStart(7)}   (${mb(before.chromium)} before the batch, all its processes)`)
  }
  console.log(`  delivered at the desk  ${String(delivered?.n ?? 0).padStart(7)}`)
} finally {
  await app.terminate()
  rmSync(`${root}${runFile}`, { force: true })
  rmSync(`${root}${runFile}-wal`, { force: true })
  rmSync(`${root}${runFile}-shm`, { force: true })
  rmSync(storage, { recursive: true, force: true })
}
