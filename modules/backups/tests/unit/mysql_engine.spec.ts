import { test } from '@japa/runner'
import { createWriteStream, existsSync, readdirSync } from 'node:fs'
import { execFile } from 'node:child_process'
import { Writable } from 'node:stream'
import { promisify } from 'node:util'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import { createBackup } from '../../services/create_backup.js'
import { restoreBackup } from '../../services/restore_backup.js'
import { openArchive } from '../../services/archive.js'
import { digestMysql } from '../../services/mysql/mysql_digest.js'
import type { MysqlConnection } from '../../services/database_target.js'
import { dropMysqlDatabase, freshMysqlDatabase, scratchDir } from '../support.js'

const DATABASE = 'studio_mg_h_engine'

async function seed(connection: MysqlConnection) {
  const conn = await mysql.createConnection({ ...connection, multipleStatements: true })
  await conn.query(`
    create table patients (id int unsigned auto_increment primary key, last_name varchar(80) not null,
      born date, visited_at datetime(3), weight decimal(6,2), notes text, photo blob) engine=InnoDB;
    create table problems (id int unsigned auto_increment primary key, patient_id int unsigned not null,
      description text not null, foreign key (patient_id) references patients(id) on delete cascade) engine=InnoDB;
    create table settings (\`key\` varchar(100) primary key, value text) engine=InnoDB;
    create table log (id bigint unsigned auto_increment primary key, what varchar(20)) engine=InnoDB;
    create trigger log_no_update before update on log for each row signal sqlstate '45000' set message_text = 'append-only';
  `)
  for (let i = 1; i <= 300; i++) {
    await conn.query('insert into patients (last_name, born, visited_at, weight, notes, photo) values (?, ?, ?, ?, ?, ?)', [
      `Rossi ${i}`,
      `1960-02-${String(1 + (i % 28)).padStart(2, '0')}`,
      `2024-05-01 10:00:00.${String(i % 1000).padStart(3, '0')}`,
      (60 + i / 7).toFixed(2),
      i % 4 ? `nota "${i}"\ncon a capo; 'apici' e \\ barra` : null,
      i % 10 === 0 ? Buffer.from([0, 255, i % 256, 10, 13]) : null,
    ])
    await conn.query('insert into problems (patient_id, description) values (?, ?)', [i, `Diabete ${i}`])
  }
  await conn.query("insert into settings (`key`, value) values ('studio.name', 'Studio Bianchi'), ('vuoto', '')")
  await conn.query("insert into log (what) values ('creato')")
  return conn
}

test.group('MariaDB/MySQL backup and restore (streaming export, no mysqldump)', (group) => {
  let connection: MysqlConnection | null
  let conn: mysql.Connection
  let scratch: ReturnType<typeof scratchDir>

  group.each.setup(async () => {
    scratch = scratchDir('mysql')
    connection = await freshMysqlDatabase(DATABASE)
    if (connection) conn = await seed(connection)
    return async () => {
      scratch.remove()
      if (connection) {
        await conn.end()
        await dropMysqlDatabase(DATABASE)
      }
    }
  })

  const target = () => ({ dialect: 'mysql' as const, connection: connection! })
  const restore = (file: string, password?: string) =>
    restoreBackup({ file, password, target: target(), storagePath: join(scratch.dir, 'storage'), workDir: join(scratch.dir, 'work') })

  test('backup, change the data, restore: rows and checksums are those of the backup', async ({ assert }) => {
    if (!connection) return console.log('  (no MariaDB/MySQL at 127.0.0.1:3306: skipped)')
    const before = await digestMysql(connection)
    const file = join(scratch.dir, 'out', 'studio-mg-venerdi.zip')
    const { manifest } = await createBackup({ kind: 'full', target: target(), file, workDir: join(scratch.dir, 'work') })
    assert.equal(manifest.dialect, 'mysql')
    assert.deepEqual(manifest.tables, before)
    assert.equal(manifest.tables.find((t) => t.name === 'patients')!.rows, 300)

    await conn.query('delete from problems where id > 5')
    await conn.query("update patients set last_name = 'CAMBIATO', photo = null")
    await conn.query('create table extra (id int primary key)')
    assert.notDeepEqual(await digestMysql(connection), before)

    const result = await restore(file)
    assert.deepEqual(result.tables, before)
    const [[patient]] = (await conn.query('select last_name, visited_at, weight, photo from patients where id = 10')) as any
    assert.equal(patient.last_name, 'Rossi 10')
    assert.deepEqual(patient.photo, Buffer.from([0, 255, 10, 10, 13]))
    const [tables] = (await conn.query('show tables')) as any
    assert.notInclude(tables.map((t: any) => Object.values(t)[0]), 'extra', 'the schema equals the backup')
    // Triggers come back too.
    await assert.rejects(() => conn.query("update log set what = 'x'"), /append-only/)
  }).timeout(60_000)

  test('the export is plain SQL that the mysql client loads too, giving the same data', async ({ assert }) => {
    if (!connection) return console.log('  (no MariaDB/MySQL: skipped)')
    const file = join(scratch.dir, 'out', 'plain.zip')
    const { manifest } = await createBackup({ kind: 'full', target: target(), file, workDir: join(scratch.dir, 'work') })
    const sql = join(scratch.dir, 'database.sql')
    const archive = await openArchive(file)
    await archive.extract('database.sql', Writable.toWeb(createWriteStream(sql)) as WritableStream<Uint8Array>)
    await archive.close()

    const other = await freshMysqlDatabase(`${DATABASE}_cli`)
    try {
      const args = ['-h', other!.host, '-P', String(other!.port), '-u', other!.user, other!.database, '-e', `source ${sql}`]
      if (other!.password) args.unshift(`-p${other!.password}`)
      try {
        await promisify(execFile)('mysql', args)
      } catch (error: any) {
        if (error.code === 'ENOENT') return console.log('  (no mysql client: apt-get install mariadb-client)')
        throw error
      }
      assert.deepEqual(await digestMysql(other!), manifest.tables)
    } finally {
      await dropMysqlDatabase(`${DATABASE}_cli`)
    }
  }).timeout(60_000)

  test('a wrong password is refused and no table is touched', async ({ assert }) => {
    if (!connection) return console.log('  (no MariaDB/MySQL: skipped)')
    const file = join(scratch.dir, 'out', 'protected.zip')
    await createBackup({ kind: 'full', target: target(), file, password: 'Segreta-2026', workDir: join(scratch.dir, 'work') })
    await conn.query("update patients set last_name = 'DOPO'")
    const changed = await digestMysql(connection)

    await assert.rejects(() => restore(file, 'sbagliata'), /Password errata/)
    assert.deepEqual(await digestMysql(connection), changed)
    const work = join(scratch.dir, 'work')
    assert.deepEqual(existsSync(work) ? readdirSync(work).filter((f) => f.endsWith('.sql')) : [], [], 'nothing extracted')

    await restore(file, 'Segreta-2026')
    const [[row]] = (await conn.query('select last_name from patients where id = 1')) as any
    assert.equal(row.last_name, 'Rossi 1')
  }).timeout(60_000)
})
