import { test } from '@japa/runner'
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import { aceInChild } from '#tests/helpers/child_app'
import { generateFeedKey, signManifest } from '../../services/signature.js'
import { ace, closedPort, fixtures, scratchDir, tamper } from '../support.js'

function query(file: string, sql: string, ...params: unknown[]) {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).all(...params) as any[]
  } finally {
    db.close()
  }
}

test.group('update:build-feed, update:check, update:apply (child processes)', (group) => {
  let template: string
  let scratch: ReturnType<typeof scratchDir>
  let sqlite: string

  group.setup(async () => {
    template = app.makePath('tmp', `test-liveupdate-template-${process.pid}.sqlite3`)
    await aceInChild(['migration:run', '--force'], { DB_CONNECTION: 'sqlite', SQLITE_PATH: template })
    return () => {
      for (const suffix of ['', '-wal', '-shm']) rmSync(template + suffix, { force: true })
    }
  })

  group.each.setup(() => {
    scratch = scratchDir('ace')
    sqlite = join(scratch.dir, 'studio.sqlite3')
    copyFileSync(template, sqlite)
    return () => scratch.remove()
  })

  /** Builds the fixture feed with a new key; returns the env a studio trusting it needs. */
  async function buildFeed() {
    const feed = join(scratch.dir, 'feed')
    const built = await ace(['update:build-feed', feed, `--from=${fixtures('feed-v1')}`, `--key-file=${join(scratch.dir, 'key.pem')}`, '--generate-key'], {
      SQLITE_PATH: sqlite,
    })
    const publicKey = /UPDATE_PUBLIC_KEY\): (\S+)/.exec(built.stdout)?.[1]
    return { built, feed, env: { SQLITE_PATH: sqlite, UPDATE_FEED_URL: feed, UPDATE_PUBLIC_KEY: publicKey ?? '' } }
  }

  test('a feed is built, checked and applied; a second apply is a no-op', async ({ assert }) => {
    const { built, feed, env } = await buildFeed()
    assert.equal(built.code, 0, built.stderr)
    assert.match(built.stdout, /asl \S+: 5 righe/)
    assert.match(built.stdout, /icd9cm \S+: 9 righe/)
    assert.include(built.stdout, 'File ignorati (nessun componente corrispondente): atc.csv')
    assert.include(built.stderr, 'manifest firmato')
    assert.isTrue(env.UPDATE_PUBLIC_KEY.length > 40)
    assert.include(readFileSync(join(feed, 'manifest.json'), 'utf8'), '"key": "dss_rules"')

    const check = await ace(['update:check'], env)
    assert.equal(check.code, 0, check.stderr)
    assert.include(check.stdout, 'Da aggiornare')
    assert.include(check.stdout, '4 aggiornamenti disponibili')

    const apply = await ace(['update:apply'], env)
    assert.equal(apply.code, 0, apply.stderr)
    assert.match(apply.stdout, /asl — → \S+: applicato \(aggiunte 5, modificate 0, ritirate 0\)/)
    assert.match(apply.stderr, /100% \S+ \(\d\/4\): /)
    assert.lengthOf(query(sqlite, 'select * from asl'), 5)
    assert.lengthOf(query(sqlite, "select * from icd9cm_diagnoses where code = 'V17.3'"), 1)
    assert.sameMembers(query(sqlite, 'select key from reference_datasets').map((r) => r.key), ['asl', 'icd9cm'])
    assert.sameMembers(query(sqlite, 'select key from update_components').map((r) => r.key), ['messages', 'dss_rules'])
    const history = query(sqlite, "select * from update_history where component_key = 'asl'")
    assert.equal(history[0].outcome, 'applied')
    assert.equal(history[0].origin, 'command')
    assert.match(history[0].user_label, /^Riga di comando \(/)

    const again = await ace(['update:apply'], env)
    assert.equal(again.code, 0)
    assert.include(again.stdout, 'Nessun aggiornamento disponibile')
    assert.lengthOf(query(sqlite, 'select * from update_history'), 4)
    assert.notInclude((await ace(['update:check'], env)).stdout, 'Da aggiornare')
  })

  test('a tampered package is refused with a clear message and a non-zero exit; nothing of it is applied', async ({ assert }) => {
    const { feed, env } = await buildFeed()
    const manifest = JSON.parse(readFileSync(join(feed, 'manifest.json'), 'utf8'))
    tamper(join(feed, manifest.components.find((c: any) => c.key === 'asl').url))

    const apply = await ace(['update:apply', 'asl', 'icd9cm'], env)
    assert.equal(apply.code, 1)
    assert.include(apply.stderr, "Pacchetto asl rifiutato: l'impronta SHA-256 non corrisponde al manifest firmato")
    assert.match(apply.stdout, /icd9cm — → \S+: applicato/)
    assert.lengthOf(query(sqlite, 'select * from asl'), 0)
    assert.lengthOf(query(sqlite, "select * from reference_datasets where key = 'asl'"), 0)
    assert.equal(query(sqlite, "select outcome from update_history where component_key = 'asl'")[0].outcome, 'refused')
  })

  test('a bad manifest signature or an unreachable feed: Italian error, exit code 1, nothing applied', async ({ assert }) => {
    const { feed, env } = await buildFeed()
    const forged = signManifest(readFileSync(join(feed, 'manifest.json')), generateFeedKey().privateKeyPem)
    writeFileSync(join(feed, 'manifest.sig'), forged)

    const check = await ace(['update:check'], env)
    assert.equal(check.code, 1)
    assert.include(check.stderr, 'Firma del manifest non valida')
    const apply = await ace(['update:apply', '--all'], env)
    assert.equal(apply.code, 1)
    assert.include(apply.stderr, 'Nessun aggiornamento applicato')
    assert.lengthOf(query(sqlite, 'select * from reference_datasets'), 0)
    assert.lengthOf(query(sqlite, 'select * from update_messages'), 0)

    const down = await ace(['update:check'], { ...env, UPDATE_FEED_URL: `http://127.0.0.1:${await closedPort()}/feed` })
    assert.equal(down.code, 1)
    assert.include(down.stderr, 'Feed non raggiungibile')
  })
})
