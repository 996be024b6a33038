/*
| Backup benchmark, in one run on the same data:
|   - MariaDB/MySQL: our streaming export (REPEATABLE READ, no binary) to a plain .sql file,
|     the same inside the verified zip archive, and a plain `mysqldump --single-transaction`;
|     then the restore of the archive;
|   - SQLite: the online backup API snapshot, and the full verified zip archive.
| The schema is the real one (migrations in a child process), the data synthetic: patients,
| problems and diary entries of about --mb megabytes. Database studio_mg_h_bench is dropped at the end.
|
|   scripts/with-node.sh node --import=@poppinss/ts-exec modules/backups/bench/backup_bench.ts [--mb=100]
*/
import { execFile, spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import mysql from 'mysql2/promise'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import { createBackup } from '../services/create_backup.js'
import { restoreBackup } from '../services/restore_backup.js'
import { exportMysql } from '../services/mysql/mysql_export.js'
import { snapshotSqlite } from '../services/sqlite/sqlite_operations.js'

const ROOT = new URL('../../../', import.meta.url).pathname
const arg = (name: string, fallback: number) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`))
  return found ? Number(found.split('=')[1]) : fallback
}
const TARGET_MB = arg('mb', 100)
const DATABASE = 'studio_mg_h_bench'
const server = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
}
const work = join(ROOT, 'tmp', 'backup-bench')
const MB = 1024 * 1024

function ace(args: string[], env: Record<string, string>) {
  return promisify(execFile)(process.execPath, ['ace.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
  })
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint()
  const result = await fn()
  return [result, Number(process.hrtime.bigint() - start) / 1e9]
}

const WORDS = 'paziente riferisce dolore addominale da tre giorni pressione arteriosa nella norma si consiglia dieta controllo glicemia emocromo ecografia terapia invariata rivalutare tra un mese'.split(' ')
/** Clinical-looking text that compresses like real notes (words and figures vary), not like a pattern. */
function note(seed: number, bytes: number) {
  let state = seed * 2654435761
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 8)
  let text = ''
  while (text.length < bytes) {
    text += WORDS[next() % WORDS.length] + ' '
    if (next() % 9 === 0) text += `PA ${100 + (next() % 60)}/${60 + (next() % 40)} FC ${50 + (next() % 50)} glicemia ${70 + (next() % 120)} `
    if (next() % 15 === 0) text += '.\n'
  }
  return text.slice(0, bytes)
}

/** Rows of about 1 KB each until the target size. */
function* rows(targetMb: number) {
  const diaryPerPatient = 20
  const patients = Math.ceil((targetMb * MB) / (diaryPerPatient * 1100))
  for (let p = 1; p <= patients; p++) yield { p, diary: diaryPerPatient }
}

async function seedMysql(conn: mysql.Connection, targetMb: number) {
  await conn.query(
    `insert into users (username, first_name, last_name, role, password, is_enabled, unrestricted_rights, must_change_password, failed_login_count, created_at)
     values ('rossi', 'Mario', 'Rossi', 'titolare', 'x', 1, 0, 0, 0, '2025-01-01 00:00:00')`
  )
  let patients: unknown[][] = []
  let diary: unknown[][] = []
  const flush = async () => {
    if (patients.length) await conn.query(`insert into patients (id, fiscal_code, last_name, first_name, last_name_search, first_name_search, sex, birth_date, birth_year, doctor_id, status, created_at) values ?`, [patients])
    if (diary.length) await conn.query('insert into diary_entries (patient_id, entry_date, text, created_at) values ?', [diary])
    patients = []
    diary = []
  }
  for (const { p, diary: n } of rows(targetMb)) {
    patients.push([p, `BNC${String(p).padStart(13, '0')}`, `Bianchi ${p}`, 'Laura', `BIANCHI${p}`, 'LAURA', 'F', '1970-01-01', 1970, 1, 'active', '2025-01-01 00:00:00'])
    for (let d = 0; d < n; d++) diary.push([p, '2024-03-01', note(p + d, 1000), '2024-03-01 10:00:00'])
    if (diary.length >= 2000) await flush()
  }
  await flush()
}

function seedSqlite(file: string, targetMb: number) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.prepare(
    `insert into users (username, first_name, last_name, role, password, is_enabled, unrestricted_rights, must_change_password, failed_login_count, created_at)
     values ('rossi', 'Mario', 'Rossi', 'titolare', 'x', 1, 0, 0, 0, '2025-01-01 00:00:00')`
  ).run()
  const patient = db.prepare(
    `insert into patients (id, fiscal_code, last_name, first_name, last_name_search, first_name_search, sex, birth_date, birth_year, doctor_id, status, created_at)
     values (?, ?, ?, 'Laura', ?, 'LAURA', 'F', '1970-01-01', 1970, 1, 'active', '2025-01-01 00:00:00')`
  )
  const entry = db.prepare(`insert into diary_entries (patient_id, entry_date, text, created_at) values (?, '2024-03-01', ?, '2024-03-01 10:00:00')`)
  db.transaction(() => {
    for (const { p, diary: n } of rows(targetMb)) {
      patient.run(p, `BNC${String(p).padStart(13, '0')}`, `Bianchi ${p}`, `BIANCHI${p}`)
      for (let d = 0; d < n; d++) entry.run(p, note(p + d, 1000))
    }
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

const mbps = (bytes: number, seconds: number) => (bytes / MB / seconds).toFixed(1)
const line = (label: string, bytes: number, seconds: number, note = '') =>
  console.log(`${label.padEnd(50)} ${(bytes / MB).toFixed(1).padStart(8)} MB ${seconds.toFixed(2).padStart(8)} s ${mbps(bytes, seconds).padStart(8)} MB/s  ${note}`)

rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
console.log(`Backup benchmark, about ${TARGET_MB} MB of data (node ${process.version})\n`)

// ---------- MariaDB / MySQL ----------
let admin: mysql.Connection | null = null
try {
  admin = await mysql.createConnection({ ...server, connectTimeout: 3000 })
} catch {
  console.log(`MariaDB/MySQL: no server at ${server.host}:${server.port}, skipped.\n`)
}
if (admin) {
  await admin.query(`drop database if exists ${DATABASE}`)
  await admin.query(`create database ${DATABASE} character set utf8mb4`)
  const env: Record<string, string> = {
    DB_CONNECTION: 'mysql',
    MYSQL_HOST: server.host,
    MYSQL_PORT: String(server.port),
    MYSQL_USER: server.user,
    MYSQL_DB_NAME: DATABASE,
    ...(server.password ? { MYSQL_PASSWORD: server.password } : {}),
  }
  await ace(['migration:run', '--force'], env)
  const connection = { ...server, database: DATABASE }
  const conn = await mysql.createConnection(connection)
  await seedMysql(conn, TARGET_MB)
  await conn.query('analyze table patients, diary_entries')
  const [[size]] = (await conn.query(
    `select sum(data_length + index_length) as bytes, sum(data_length) as data from information_schema.tables where table_schema = ?`,
    [DATABASE]
  )) as any
  console.log(`MariaDB/MySQL ${DATABASE}: ${(Number(size.bytes) / MB).toFixed(1)} MB on disk (data ${(Number(size.data) / MB).toFixed(1)} MB)`)
  console.log(`${'what'.padEnd(50)} ${'output'.padStart(11)} ${'time'.padStart(10)} ${'SQL MB/s'.padStart(13)}`)

  const ourSql = join(work, 'export.sql')
  const [, exportSeconds] = await timed(async () => {
    const dump = await exportMysql(connection)
    await pipeline(Readable.from(dump.chunks), createWriteStream(ourSql))
  })
  const sqlBytes = statSync(ourSql).size
  line('streaming export (Node) → .sql', sqlBytes, exportSeconds)

  const mysqldumpSql = join(work, 'mysqldump.sql')
  const which = await promisify(execFile)('sh', ['-c', 'command -v mysqldump || command -v mariadb-dump']).catch(() => null)
  if (!which) {
    console.log('mysqldump not installed: apt-get install mariadb-client (Debian/Ubuntu) to compare.')
  } else {
    const binary = which.stdout.trim()
    const args = ['--single-transaction', '--quick', '--routines', '--triggers', '-h', server.host, '-P', String(server.port), '-u', server.user, DATABASE]
    if (server.password) args.unshift(`-p${server.password}`)
    const [, dumpSeconds] = await timed(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] })
          const out = createWriteStream(mysqldumpSql)
          child.stdout.pipe(out)
          child.on('error', reject)
          out.on('finish', () => (child.exitCode === 0 || child.exitCode === null ? resolve() : reject(new Error(`mysqldump exit ${child.exitCode}`))))
        })
    )
    line(`plain ${binary.split('/').pop()} --single-transaction → .sql`, statSync(mysqldumpSql).size, dumpSeconds)
  }

  const archive = join(work, 'mysql.zip')
  const [result, zipSeconds] = await timed(() =>
    createBackup({ kind: 'full', target: { dialect: 'mysql', connection }, file: archive, workDir: work })
  )
  line('full backup: export + zip + verify', sqlBytes, zipSeconds, `→ ${(result.bytes / MB).toFixed(1)} MB zip`)
  const protectedArchive = join(work, 'mysql-aes.zip')
  const [, aesSeconds] = await timed(() =>
    createBackup({ kind: 'full', target: { dialect: 'mysql', connection }, file: protectedArchive, password: 'Segreta-2026', workDir: work })
  )
  line('full backup with AES-256 password', sqlBytes, aesSeconds)
  const [, restoreSeconds] = await timed(() =>
    restoreBackup({ file: archive, target: { dialect: 'mysql', connection }, storagePath: join(work, 'storage'), workDir: work })
  )
  line('restore: verify + load + recheck', sqlBytes, restoreSeconds)

  await conn.end()
  await admin.query(`drop database if exists ${DATABASE}`)
  await admin.end()
  console.log('')
}

// ---------- SQLite ----------
const sqliteFile = join(work, 'bench.sqlite3')
await ace(['migration:run', '--force'], { DB_CONNECTION: 'sqlite', SQLITE_PATH: sqliteFile })
seedSqlite(sqliteFile, TARGET_MB)
const dbBytes = statSync(sqliteFile).size
console.log(`SQLite ${sqliteFile}: ${(dbBytes / MB).toFixed(1)} MB`)
console.log(`${'what'.padEnd(50)} ${'output'.padStart(11)} ${'time'.padStart(10)} ${'DB MB/s'.padStart(13)}`)
const snapshot = join(work, 'snapshot.sqlite3')
const [, snapSeconds] = await timed(() => snapshotSqlite(sqliteFile, snapshot))
line('online backup API snapshot (worker thread)', dbBytes, snapSeconds)
const sqliteArchive = join(work, 'sqlite.zip')
const [sqliteResult, sqliteSeconds] = await timed(() =>
  createBackup({ kind: 'full', target: { dialect: 'sqlite', file: sqliteFile }, file: sqliteArchive, workDir: work })
)
line('full backup: snapshot + checksums + zip + verify', dbBytes, sqliteSeconds, `→ ${(sqliteResult.bytes / MB).toFixed(1)} MB zip`)
const [, sqliteRestoreSeconds] = await timed(() =>
  restoreBackup({ file: sqliteArchive, target: { dialect: 'sqlite', file: sqliteFile }, storagePath: join(work, 'storage'), workDir: work })
)
line('restore: extract + check + copy + recheck', dbBytes, sqliteRestoreSeconds)

if (existsSync(work)) rmSync(work, { recursive: true, force: true })
