import { test } from '@japa/runner'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createBackup } from '../../services/create_backup.js'
import { restoreBackup } from '../../services/restore_backup.js'
import { openArchive } from '../../services/archive.js'
import { digestSqlite } from '../../services/sqlite/sqlite_operations.js'
import { count, makeSqlite, scratchDir } from '../support.js'

test.group('SQLite backup and restore', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  let db: any
  let live: string
  group.each.setup(() => {
    scratch = scratchDir('sqlite')
    live = join(scratch.dir, 'live.sqlite3')
    db = makeSqlite(live)
    return () => {
      db.close()
      scratch.remove()
    }
  })

  const target = () => ({ dialect: 'sqlite' as const, file: live })
  const backup = (file: string, extra: Record<string, unknown> = {}) =>
    createBackup({ kind: 'full', target: target(), file, workDir: join(scratch.dir, 'work'), ...extra })
  const restore = (file: string, extra: Record<string, unknown> = {}) =>
    restoreBackup({
      file,
      target: target(),
      storagePath: join(scratch.dir, 'storage'),
      workDir: join(scratch.dir, 'work'),
      ...extra,
    })

  test('backup, change the data, restore: rows and checksums are those of the backup', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'studio-mg-lunedi.zip')
    const before = (await digestSqlite(live)).tables
    const { manifest } = await backup(file)
    assert.deepEqual(manifest.tables, before)
    assert.equal(manifest.tables.find((t) => t.name === 'patients')!.rows, 50)

    db.prepare('delete from problems where id > 10').run()
    db.prepare("update patients set last_name = 'CAMBIATO'").run()
    db.prepare("insert into settings (key, value) values ('nuova', 'x')").run()
    assert.notDeepEqual((await digestSqlite(live)).tables, before)

    const result = await restore(file)
    assert.deepEqual(result.tables, before)
    assert.deepEqual((await digestSqlite(live)).tables, before)
    // The server's open connection sees the restored data too.
    assert.equal(count(db, 'problems'), 50)
    assert.equal(db.prepare('select last_name from patients where id = 7').get().last_name, 'Rossi 7')
  })

  test('the manifest names version, dialect, row counts and every entry’s checksum', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'b.zip')
    await backup(file, { taskName: 'Serale' })
    const archive = await openArchive(file)
    const { manifest } = archive
    await archive.close()
    assert.equal(manifest.format, 'studio-mg-backup')
    assert.equal(manifest.kind, 'full')
    assert.equal(manifest.dialect, 'sqlite')
    assert.equal(manifest.taskName, 'Serale')
    assert.match(manifest.appVersion, /^\d+\.\d+\.\d+/)
    assert.isFalse(manifest.encrypted)
    assert.deepEqual(manifest.migrations, { batch: 0, names: [] })
    assert.deepEqual(
      manifest.entries.map((e) => e.path),
      ['database.sqlite3']
    )
    assert.match(manifest.entries[0].sha256, /^[0-9a-f]{64}$/)
  })

  test('a password-protected backup refuses a wrong or missing password and touches nothing', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'protected.zip')
    await backup(file, { password: 'Segreta-2026' })
    db.prepare("update patients set last_name = 'DOPO'").run()
    const changed = (await digestSqlite(live)).tables

    await assert.rejects(() => restore(file, { password: 'sbagliata' }), /Password errata/)
    await assert.rejects(() => restore(file), /protetto da password/)
    assert.deepEqual((await digestSqlite(live)).tables, changed)

    await restore(file, { password: 'Segreta-2026' })
    assert.equal(db.prepare('select last_name from patients where id = 1').get().last_name, 'Rossi 1')
  })

  test('every entry of a protected archive is encrypted (the manifest too)', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'protected.zip')
    await backup(file, { password: 'Segreta-2026' })
    const bytes = readFileSync(file)
    assert.notInclude(bytes.toString('latin1'), 'studio-mg-backup')
    assert.notInclude(bytes.toString('latin1'), 'SQLite format')
  })

  test('an aborted backup leaves last week’s good file as it was, and no partial file', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'studio-mg-martedi.zip')
    await backup(file)
    const good = readFileSync(file)

    db.prepare("update patients set last_name = 'NUOVO'").run()
    const controller = new AbortController()
    await assert.rejects(() =>
      backup(file, {
        signal: controller.signal,
        onProgress: (p: { phase: string }) => p.phase === 'archive' && controller.abort(new Error('stopped mid-write')),
      })
    )
    assert.deepEqual(readFileSync(file), good)
    assert.deepEqual(readdirSync(join(scratch.dir, 'out')), ['studio-mg-martedi.zip'])
    assert.deepEqual(readdirSync(join(scratch.dir, 'work')), [], 'the snapshot is removed too')

    // And the old file is still a good, restorable backup.
    await restore(file)
    assert.equal(db.prepare('select last_name from patients where id = 1').get().last_name, 'Rossi 1')
  })

  test('a damaged archive is refused before the database is touched', async ({ assert }) => {
    const file = join(scratch.dir, 'out', 'damaged.zip')
    await backup(file)
    const bytes = readFileSync(file)
    // Flip bytes in the middle of the compressed database.
    for (let i = 200; i < 260; i++) bytes[i] ^= 0xff
    writeFileSync(file, bytes)
    db.prepare("update patients set last_name = 'INTATTO'").run()
    const before = (await digestSqlite(live)).tables

    await assert.rejects(() => restore(file), /danneggiato|integrità/)
    assert.deepEqual((await digestSqlite(live)).tables, before)
    assert.isFalse(readdirSync(scratch.dir).some((f) => f.startsWith('.restore-')), 'staging removed')
  })

  test('attachments: copied into the archive, restored into the storage folder, the old folder kept', async ({
    assert,
  }) => {
    const storage = join(scratch.dir, 'storage')
    mkdirSync(join(storage, 'ab'), { recursive: true })
    writeFileSync(join(storage, 'ab', 'abc123.enc'), 'cifrato-1')
    writeFileSync(join(storage, 'top.enc'), 'cifrato-2')
    const file = join(scratch.dir, 'out', 'with-attachments.zip')
    const { manifest } = await backup(file, { attachmentsDir: storage })
    assert.isTrue(manifest.includesAttachments)
    assert.deepEqual(manifest.attachments, { files: 2, bytes: 18 })

    writeFileSync(join(storage, 'top.enc'), 'cambiato')
    writeFileSync(join(storage, 'new.enc'), 'aggiunto dopo')
    const result = await restore(file)
    assert.equal(readFileSync(join(storage, 'top.enc'), 'utf8'), 'cifrato-2')
    assert.equal(readFileSync(join(storage, 'ab', 'abc123.enc'), 'utf8'), 'cifrato-1')
    assert.isFalse(existsSync(join(storage, 'new.enc')))
    assert.isNotNull(result.previousStorage)
    assert.equal(readFileSync(join(result.previousStorage!, 'new.enc'), 'utf8'), 'aggiunto dopo')
  })

  test('an attachments-only archive (attachments in a separate file) holds no database', async ({ assert }) => {
    const storage = join(scratch.dir, 'storage')
    mkdirSync(storage, { recursive: true })
    writeFileSync(join(storage, 'a.enc'), 'x')
    const file = join(scratch.dir, 'out', 'studio-mg-lunedi-allegati.zip')
    const { manifest } = await createBackup({
      kind: 'attachments',
      target: null,
      file,
      attachmentsDir: storage,
      workDir: join(scratch.dir, 'work'),
    })
    assert.isNull(manifest.dialect)
    assert.deepEqual(manifest.entries.map((e) => e.path), ['attachments/a.enc'])
    await assert.rejects(() => restore(file), /non è un backup completo/)
  })
})
