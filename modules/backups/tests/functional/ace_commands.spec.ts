import { test } from '@japa/runner'
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { randomBytes } from 'node:crypto'
import app from '@adonisjs/core/services/app'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import { aceInChild } from '#tests/helpers/child_app'
import { openArchive } from '../../services/archive.js'
import { backupFileNames } from '../../services/file_names.js'
import { digestMysql } from '../../services/mysql/mysql_digest.js'
import { lockFileFor } from '../../services/server_lock.js'
import { digestSqlite } from '../../services/sqlite/sqlite_operations.js'
import type { TableSummary } from '../../services/table_digest.js'
import { ace, dropMysqlDatabase, freshMysqlDatabase, mysqlEnv, scratchDir } from '../support.js'

/** Inserts a doctor and `n` patients with a problem each, straight into the database file. */
function seedSqlite(file: string, n: number, notesBytes = 0) {
  const db = new Database(file)
  const now = '2025-01-01 00:00:00'
  const doctor = db
    .prepare(
      `insert into users (username, email, first_name, last_name, role, password, is_enabled, unrestricted_rights,
       must_change_password, failed_login_count, created_at) values ('rossi', 'r@s.it', 'Mario', 'Rossi', 'titolare', 'x', 1, 0, 0, 0, ?)`
    )
    .run(now).lastInsertRowid
  const patient = db.prepare(
    `insert into patients (fiscal_code, last_name, first_name, last_name_search, first_name_search, sex, birth_date,
     birth_year, doctor_id, status, notes, created_at) values (?, ?, 'Anna', ?, 'ANNA', 'F', '1970-01-01', 1970, ?, 'active', ?, ?)`
  )
  const problem = db.prepare(
    `insert into problems (patient_id, description, status, onset_date, created_at) values (?, ?, 'active', '2020-01-01', ?)`
  )
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const id = patient.run(
        `TSTPZN70A41H${String(i).padStart(3, '0')}X`,
        `Bianchi ${i}`,
        `BIANCHI${i}`,
        doctor,
        notesBytes ? randomBytes(notesBytes).toString('base64') : null,
        now
      ).lastInsertRowid
      problem.run(id, `Ipertensione ${i}`, now)
    }
  })()
  db.close()
}

function withoutAudit(tables: TableSummary[]) {
  return tables.filter((t) => t.name !== 'audit_logs')
}

async function manifestOf(file: string, password?: string) {
  const archive = await openArchive(file, password)
  await archive.close()
  return archive.manifest
}

test.group('backup:run and backup:restore (SQLite, child processes)', (group) => {
  let template: string
  let scratch: ReturnType<typeof scratchDir>
  let live: string
  let env: Record<string, string>

  group.setup(async () => {
    template = app.makePath('tmp', `test-h-template-${process.pid}.sqlite3`)
    await aceInChild(['migration:run', '--force'], { DB_CONNECTION: 'sqlite', SQLITE_PATH: template })
    return () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(template + suffix, { force: true })
    }
  })

  group.each.setup(() => {
    scratch = scratchDir('ace')
    live = join(scratch.dir, 'studio.sqlite3')
    copyFileSync(template, live)
    env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: live, STORAGE_PATH: join(scratch.dir, 'storage') }
    return () => scratch.remove()
  })

  test('backup, change the data, restore: row counts and checksums are those of the backup', async ({ assert }) => {
    seedSqlite(live, 30)
    const out = join(scratch.dir, 'out')
    const run = await ace(['backup:run', `--to=${out}`], env)
    assert.equal(run.code, 0, run.stderr)
    const file = join(out, backupFileNames().archive)
    assert.include(run.stdout, `completato: ${file}`)
    assert.match(run.stderr, /\d+% Compressione/, 'progress is shown')
    const manifest = await manifestOf(file)
    assert.equal(manifest.tables.find((t) => t.name === 'patients')!.rows, 30)
    assert.include(manifest.migrations!.names, 'modules/backups/database/migrations/1730000000061_create_backup_runs_table')

    const db = new Database(live)
    db.prepare('delete from problems where id > 3').run()
    db.prepare("update patients set last_name = 'CAMBIATO'").run()
    db.close()

    const restore = await ace(['backup:restore', file], env)
    assert.equal(restore.code, 0, restore.stderr)
    assert.include(restore.stdout, 'Restore terminato con successo')
    const after = (await digestSqlite(live)).tables
    assert.deepEqual(withoutAudit(after), withoutAudit(manifest.tables))
    // The only difference: the audit trail now records the restore itself.
    const audit = new Database(live).prepare('select action from audit_logs order by id desc limit 1').get()
    assert.equal(audit.action, 'restore')
  }).timeout(120_000)

  test('a wrong password is refused with a clear message and exit code 1; nothing is touched', async ({ assert }) => {
    seedSqlite(live, 5)
    const out = join(scratch.dir, 'out')
    assert.equal((await ace(['backup:run', `--to=${out}`, '--password=Segreta-2026'], env)).code, 0)
    const file = join(out, backupFileNames().archive)
    const db = new Database(live)
    db.prepare("update patients set last_name = 'DOPO'").run()
    db.close()
    const before = (await digestSqlite(live)).tables

    const wrong = await ace(['backup:restore', file, '--password=sbagliata'], env)
    assert.equal(wrong.code, 1)
    assert.include(wrong.stderr, 'Password errata: il backup non è stato aperto e nessun dato è stato modificato.')
    assert.deepEqual((await digestSqlite(live)).tables, before)

    const right = await ace(['backup:restore', file, '--password=Segreta-2026'], env)
    assert.equal(right.code, 0, right.stderr)
  }).timeout(120_000)

  test('restore refuses while Studio MG runs on the database, unless --force', async ({ assert }) => {
    seedSqlite(live, 3)
    const out = join(scratch.dir, 'out')
    assert.equal((await ace(['backup:run', `--to=${out}`], env)).code, 0)
    const file = join(out, backupFileNames().archive)
    const lock = lockFileFor({ dialect: 'sqlite', file: live }, app.makePath('tmp'))

    const server: ChildProcess = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
      cwd: app.makePath(),
      env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'error', HOST: '127.0.0.1', PORT: '0' },
      stdio: 'ignore',
    })
    try {
      const deadline = Date.now() + 30_000
      while (!existsSync(lock) && Date.now() < deadline) await sleep(100)
      assert.isTrue(existsSync(lock), 'the running server wrote its lock file')

      const refused = await ace(['backup:restore', file], env)
      assert.equal(refused.code, 1)
      assert.include(refused.stderr, 'Studio MG è in esecuzione su questo database')
      assert.include(refused.stderr, `processo ${server.pid}`)

      const forced = await ace(['backup:restore', file, '--force'], env)
      assert.equal(forced.code, 0, forced.stderr)
      assert.include(forced.stdout, 'ripristino forzato con --force')
    } finally {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('exit', resolve))
    }
    assert.isFalse(existsSync(lock), 'a stopped server removes its lock')
    assert.equal((await ace(['backup:restore', file], env)).code, 0)
  }).timeout(120_000)

  test('a backup killed mid-write leaves the previous good file intact', async ({ assert }) => {
    seedSqlite(live, 400, 60_000) // ~30 MB of notes that do not compress: time to kill it
    const out = join(scratch.dir, 'out')
    assert.equal((await ace(['backup:run', `--to=${out}`], env)).code, 0)
    const file = join(out, backupFileNames().archive)
    const good = readFileSync(file)

    const child = spawn(process.execPath, ['ace.js', 'backup:run', `--to=${out}`], {
      cwd: app.makePath(),
      env: { ...process.env, ...env, NODE_ENV: 'test', LOG_LEVEL: 'error' },
      stdio: 'ignore',
    })
    const partial = () => readdirSync(out).find((f) => f.includes('.partial-'))
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && child.exitCode === null) {
      const name = partial()
      if (name && statSync(join(out, name)).size > 0) break
      await sleep(5)
    }
    assert.isNull(child.exitCode, 'killed while still writing')
    assert.isDefined(partial(), 'killed while the partial file was being written')
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    assert.deepEqual(readFileSync(file), good)
    const manifest = await manifestOf(file)
    assert.equal(manifest.tables.find((t) => t.name === 'patients')!.rows, 400)
    // The next run cleans up what the killed one left: its partial archive and its plaintext snapshot.
    const workDir = app.makePath('tmp', 'backups')
    const snapshots = () => readdirSync(workDir).filter((f) => f.startsWith(`snapshot-${child.pid}-`))
    assert.lengthOf(snapshots(), 1)
    assert.equal((await ace(['backup:run', `--to=${out}`], env)).code, 0)
    assert.isUndefined(partial())
    assert.lengthOf(snapshots(), 0)
  }).timeout(180_000)

  test('backup:run --task runs a saved task; an unknown task exits 1 with a clear message', async ({ assert }) => {
    const out = join(scratch.dir, 'notturno')
    const db = new Database(live)
    // No default task in this test: it would write to the real ./backups folder.
    db.prepare(`insert into settings (key, value) values ('backups.default_task_created', '1')`).run()
    db.prepare(
      `insert into backup_tasks (name, destination, second_location, second_location_mode, weekdays, run_at, attachments,
       notify_email, clinic_name, is_enabled, created_at) values ('Notturno', ?, ?, 'move', '1,2,3,4,5', '23:00', 'separate', 'a@b.it', 'Centro', 1, '2025-01-01 00:00:00')`
    ).run(out, join(scratch.dir, 'usb'))
    db.close()

    const unknown = await ace(['backup:run', '--task=Inesistente'], env)
    assert.equal(unknown.code, 1)
    assert.include(unknown.stderr, 'Nessuna attività di backup si chiama "Inesistente".')

    const run = await ace(['backup:run', '--task=Notturno'], env)
    assert.equal(run.code, 0, run.stderr)
    const names = backupFileNames()
    // Moved to the second location, the attachments in their own file; the log stays.
    assert.deepEqual(readdirSync(join(scratch.dir, 'usb')).sort(), [names.archive, names.attachments].sort())
    assert.deepEqual(readdirSync(out), [names.log])
    assert.match(readFileSync(join(out, names.log), 'utf8').trim().split('\n').at(-1)!, /Process exit code: 0$/)
    const row = new Database(live).prepare('select * from backup_runs order by id desc limit 1').get()
    assert.deepInclude(row, { task_name: 'Notturno', origin: 'command', status: 'success', exit_code: 0 })
    assert.equal(row.file_path, join(scratch.dir, 'usb', names.archive))
  }).timeout(120_000)
})

test.group('backup:run and backup:restore on MariaDB (child processes)', (group) => {
  const DATABASE = 'studio_mg_h_ace'
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(() => {
    scratch = scratchDir('ace-mysql')
    return async () => {
      scratch.remove()
      await dropMysqlDatabase(DATABASE).catch(() => {})
    }
  })

  test('migrate, back up, change the data, restore: row counts and checksums are those of the backup', async ({
    assert,
  }) => {
    const connection = await freshMysqlDatabase(DATABASE)
    if (!connection) return console.log('  (no MariaDB/MySQL at 127.0.0.1:3306: skipped)')
    const env = { ...mysqlEnv(DATABASE), STORAGE_PATH: join(scratch.dir, 'storage') }
    await aceInChild(['migration:run', '--force'], env)
    const conn = await mysql.createConnection(connection)
    try {
      await conn.query(
        `insert into users (username, first_name, last_name, role, password, is_enabled, unrestricted_rights, must_change_password, failed_login_count, created_at)
         values ('rossi', 'Mario', 'Rossi', 'titolare', 'x', 1, 0, 0, 0, '2025-01-01 00:00:00')`
      )
      for (let i = 0; i < 40; i++) {
        await conn.query(
          `insert into patients (fiscal_code, last_name, first_name, last_name_search, first_name_search, sex, birth_date, birth_year, doctor_id, status, notes, created_at)
           values (?, ?, 'Anna', ?, 'ANNA', 'F', '1970-01-01', 1970, 1, 'active', ?, '2025-01-01 10:00:00')`,
          [`TSTPZN70A41H${String(i).padStart(3, '0')}X`, `Bianchi ${i}`, `BIANCHI${i}`, `nota\n'${i}'; \\`]
        )
      }
      const out = join(scratch.dir, 'out')
      const run = await ace(['backup:run', `--to=${out}`, '--password=Segreta-2026'], env)
      assert.equal(run.code, 0, run.stderr)
      const file = join(out, backupFileNames().archive)
      const manifest = await manifestOf(file, 'Segreta-2026')
      assert.equal(manifest.dialect, 'mysql')
      assert.equal(manifest.tables.find((t) => t.name === 'patients')!.rows, 40)

      await conn.query('delete from patients where id > 10')
      await conn.query("update users set last_name = 'CAMBIATO'")

      const wrong = await ace(['backup:restore', file, '--password=sbagliata'], env)
      assert.equal(wrong.code, 1)
      const [[{ n }]] = (await conn.query('select count(*) as n from patients')) as any
      assert.equal(n, 10, 'a wrong password touches nothing')

      const restore = await ace(['backup:restore', file, '--password=Segreta-2026'], env)
      assert.equal(restore.code, 0, restore.stderr)
      assert.deepEqual(withoutAudit(await digestMysql(connection)), withoutAudit(manifest.tables))
      await assert.rejects(() => conn.query('delete from audit_logs'), /append-only/)
    } finally {
      await conn.end()
    }
  }).timeout(180_000)
})
