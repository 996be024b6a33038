import { test } from '@japa/runner'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import UpdateHistory from '../../models/update_history.js'
import { applyUpdates } from '../../services/apply_updates.js'
import { checkForUpdates, lastCheck } from '../../services/check_feed.js'
import { signManifest } from '../../services/signature.js'
import env from '#start/env'
import { saveSettings } from '../../services/update_settings.js'
import { buildFixtureFeed, closedPort, forgetPublicKey, httpProxy, scratchDir, staticServer, tamper, useFeed } from '../support.js'

const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await db.from(table).where(where).count('* as n').first()).n)

const FIXTURE_ASL = ['010203', '010204', '120201', '120202', '120203']

test.group('live update: check and apply', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(async () => {
    scratch = scratchDir('apply')
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      forgetPublicKey()
      scratch.remove()
    }
  })

  test('a folder feed is checked, applied (versions and rows recorded) and a second apply does nothing', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    assert.sameMembers(feed.components.map((c) => c.key), ['asl', 'icd9cm', 'messages', 'dss_rules'])
    assert.deepEqual(feed.ignored, ['atc.csv'])
    await useFeed(feed.dir, feed.publicKey)

    const check = await checkForUpdates()
    assert.isTrue(check.ok, check.error ?? '')
    assert.sameMembers(check.components.filter((c) => c.state === 'available').map((c) => c.key), ['asl', 'icd9cm', 'messages', 'dss_rules'])
    assert.isTrue((await lastCheck())!.ok)

    const outcomes = await applyUpdates({ all: true, origin: 'command', actor: { userId: null, label: 'prova' } })
    assert.deepEqual(outcomes.map((o) => o.outcome), ['applied', 'applied', 'applied', 'applied'])

    const asl = feed.components.find((c) => c.key === 'asl')!
    const recorded = await db.from('reference_datasets').where('key', 'asl').first()
    assert.equal(recorded.version, asl.version)
    assert.equal(recorded.sha256, asl.sha256)
    assert.equal(await count('asl'), await db.from('asl').whereIn('code6', FIXTURE_ASL).count('* as n').first().then((r) => Number(r.n)))
    assert.equal((await db.from('asl').where('code6', '120202').first()).name, 'ROMA 2')
    assert.equal((await db.from('icd9cm_diagnoses').where('code', '487.1').first()).description, 'INFLUENZA CON ALTRE MANIFESTAZIONI RESPIRATORIE')
    assert.equal((await db.from('update_components').where('key', 'messages').first()).version, '2025.03.1')
    assert.equal(await count('update_messages'), 4)
    assert.equal(await count('dss_rule_sets'), 2)
    assert.deepEqual(JSON.parse((await db.from('dss_rule_sets').where('key', 'prevenzione').first()).rules)[0].id, 'pa-50')

    const history = await UpdateHistory.query().where('component_key', 'asl')
    assert.lengthOf(history, 1)
    assert.equal(history[0].outcome, 'applied')
    assert.equal(history[0].rowsAdded, 5)
    assert.equal(history[0].userLabel, 'prova')

    const again = await applyUpdates({ all: true, origin: 'command' })
    assert.deepEqual(again, [])
    assert.equal(await count('update_history'), 4)
    assert.deepEqual((await checkForUpdates()).components.map((c) => c.state), ['current', 'current', 'current', 'current'])
  })

  test('a newer feed changes, adds and retires rows, and withdraws a message', async ({ assert }) => {
    const v1 = await buildFixtureFeed(scratch.dir, 'feed-v1', 'v1')
    await useFeed(v1.dir, v1.publicKey)
    await applyUpdates({ all: true, origin: 'command' })
    const v2 = await buildFixtureFeed(scratch.dir, 'feed-v2', 'v2')
    await useFeed(v2.dir, v2.publicKey)

    const outcomes = await applyUpdates({ all: true, origin: 'job' })
    const asl = outcomes.find((o) => o.key === 'asl')!
    assert.equal(asl.outcome, 'applied')
    assert.deepInclude(asl.counts!, { added: 1, changed: 1, retired: 1 })
    assert.isNotNull((await db.from('asl').where('code6', '120203').first()).valid_to)
    const messages = outcomes.find((o) => o.key === 'messages')!
    assert.deepInclude(messages.counts!, { added: 0, retired: 2 })
  })

  test('the URL case: a feed served over HTTP, one component selected', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    const server = await staticServer(scratch.dir)
    try {
      await useFeed(server.url, feed.publicKey)
      const outcomes = await applyUpdates({ keys: ['asl'], origin: 'admin' })
      assert.deepEqual(outcomes.map((o) => [o.key, o.outcome]), [['asl', 'applied']])
      assert.includeMembers(server.requests, ['/feed/manifest.json', '/feed/manifest.sig', `/feed/${feed.components.find((c) => c.key === 'asl')!.url}`])
      assert.isNull(await db.from('reference_datasets').where('key', 'icd9cm').first())
    } finally {
      await server.close()
    }
  })

  test('with a proxy set, the feed is read through it', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    const server = await staticServer(scratch.dir)
    const proxy = await httpProxy()
    try {
      env.set('UPDATE_PUBLIC_KEY', feed.publicKey)
      await saveSettings({ feedUrl: server.url, proxy: proxy.url, checkEveryMinutes: null, autoApply: false })
      const outcomes = await applyUpdates({ keys: ['icd9cm'], origin: 'admin' })
      assert.deepEqual(outcomes.map((o) => o.outcome), ['applied'])
      assert.isAbove(proxy.carried.length, 0)
      assert.isTrue(proxy.carried.every((line) => line.includes(server.url.replace('http://', '').replace('/feed', ''))))
    } finally {
      await proxy.close()
      await server.close()
    }
  })

  test('the scheduled check records what is available, and applies it only when asked to', async ({ assert }) => {
    const { default: checkJob } = await import('../../jobs/check_updates.js')
    const feed = await buildFixtureFeed(scratch.dir)
    await useFeed(feed.dir, feed.publicKey)
    assert.deepEqual(await checkJob(), { ok: true, available: 4 })
    assert.equal(await count('update_history'), 0)
    assert.lengthOf((await lastCheck())!.components, 4)

    await saveSettings({ feedUrl: feed.dir, proxy: null, checkEveryMinutes: null, autoApply: true })
    assert.deepEqual(await checkJob(), { ok: true, available: 4, applied: 4 })
    const history = await UpdateHistory.query().where('origin', 'job')
    assert.lengthOf(history, 4)
    assert.isNull(history[0].userId)
  })

  test('a tampered package is refused: nothing of it applied, the failure in the history', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    const asl = feed.components.find((c) => c.key === 'asl')!
    tamper(join(feed.dir, asl.url))
    await useFeed(feed.dir, feed.publicKey)
    const aslBefore = await count('asl')

    const outcomes = await applyUpdates({ keys: ['asl', 'messages'], origin: 'command' })
    const refused = outcomes.find((o) => o.key === 'asl')!
    assert.equal(refused.outcome, 'refused')
    assert.include(refused.message!, "l'impronta SHA-256 non corrisponde al manifest firmato")
    assert.equal(outcomes.find((o) => o.key === 'messages')!.outcome, 'applied')

    assert.equal(await count('asl'), aslBefore)
    assert.isNull(await db.from('reference_datasets').where('key', 'asl').where('version', asl.version).first())
    const history = await UpdateHistory.findByOrFail('component_key', 'asl')
    assert.equal(history.outcome, 'refused')
    assert.include(history.error!, 'SHA-256')
    // The temporary copy is not left behind.
    assert.deepEqual(readdirSync(join(process.cwd(), 'tmp', 'live-update')).filter((f) => f.startsWith('asl-')), [])
  })

  test('a manifest whose signature does not match is refused and nothing is applied', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    const other = await buildFixtureFeed(scratch.dir, 'feed-v2', 'other')
    // Same folder, a key other than the one the studio trusts.
    await useFeed(feed.dir, other.publicKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))
    const check = await checkForUpdates()
    assert.isFalse(check.ok)
    assert.oneOf(check.errorCode, ['bad_signature', 'bad_public_key'])

    await useFeed(feed.dir, feed.publicKey)
    const manifest = join(feed.dir, 'manifest.json')
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"version": "2025.03.1"', '"version": "2025.03.2"'))
    const bad = await checkForUpdates()
    assert.isFalse(bad.ok)
    assert.equal(bad.errorCode, 'bad_signature')
    assert.include(bad.error!, 'Nessun aggiornamento applicato')

    await assert.rejects(() => applyUpdates({ all: true, origin: 'command' }), /Firma del manifest non valida/)
    assert.equal(await count('update_messages'), 0)
    assert.equal(await count('update_components'), 0)
    const history = await UpdateHistory.findByOrFail('component_key', 'feed')
    assert.equal(history.outcome, 'refused')
  })

  test('an unreachable feed, a missing key or no address give a clear state', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    await useFeed(`http://127.0.0.1:${await closedPort()}/feed`, feed.publicKey)
    const down = await checkForUpdates()
    assert.isFalse(down.ok)
    assert.equal(down.errorCode, 'unreachable')
    assert.match(down.error!, /^Feed non raggiungibile \(http:\/\/127\.0\.0\.1:\d+\/feed\/manifest\.json\): ECONNREFUSED/)
    assert.equal((await lastCheck())!.errorCode, 'unreachable')

    await useFeed(join(scratch.dir, 'manca'), feed.publicKey)
    assert.equal((await checkForUpdates()).errorCode, 'unreachable')

    forgetPublicKey()
    await useFeed(feed.dir, '')
    assert.equal((await checkForUpdates()).errorCode, 'no_public_key')
  })

  test('unknown components are listed and never applied; one needing a newer program is refused', async ({ assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    const manifestFile = join(feed.dir, 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
    manifest.components.push({ key: 'aifa_notes', version: '1', url: 'aifa.ndjson.gz', sha256: 'a'.repeat(64), size: 10 })
    manifest.components.find((c: any) => c.key === 'asl').min_app_version = '99.0'
    const bytes = Buffer.from(JSON.stringify(manifest))
    writeFileSync(manifestFile, bytes)
    writeFileSync(join(feed.dir, 'manifest.sig'), signManifest(bytes, readFileSync(feed.keyFile, 'utf8')))
    await useFeed(feed.dir, feed.publicKey)

    const states = Object.fromEntries((await checkForUpdates()).components.map((c) => [c.key, c.state]))
    assert.equal(states.aifa_notes, 'unsupported')
    assert.equal(states.asl, 'app_too_old')

    const all = await applyUpdates({ all: true, origin: 'command' })
    assert.sameMembers(all.map((o) => o.key), ['icd9cm', 'messages', 'dss_rules'])
    const chosen = await applyUpdates({ keys: ['aifa_notes', 'asl'], origin: 'command' })
    assert.equal(chosen.find((o) => o.key === 'aifa_notes')!.outcome, 'skipped')
    assert.equal(chosen.find((o) => o.key === 'asl')!.outcome, 'refused')
    assert.include(chosen.find((o) => o.key === 'asl')!.message!, 'richiede Studio MG 99.0')
    await assert.rejects(() => applyUpdates({ keys: ['xyz'], origin: 'command' }), /Componenti non presenti nel feed: xyz/)
  })
})
