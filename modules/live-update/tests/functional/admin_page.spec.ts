import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import * as cheerio from 'cheerio'
import db from '@adonisjs/lucid/services/db'
import jobs from '#services/jobs/main'
import { createUser } from '#tests/helpers/factories'
import UpdateHistory from '../../models/update_history.js'
import { applyUpdates } from '../../services/apply_updates.js'
import { checkForUpdates } from '../../services/check_feed.js'
import { buildFixtureFeed, forgetPublicKey, scratchDir, useFeed } from '../support.js'

test.group('/admin/aggiornamenti', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(async () => {
    scratch = scratchDir('page')
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.idle(10_000)
      await rollback()
      forgetPublicKey()
      scratch.remove()
    }
  })

  test('only administrators reach it and see it in the menu', async ({ client, assert }) => {
    const doctor = await createUser({ role: 'titolare' })
    const admin = await createUser({ role: 'admin' })
    ;(await client.get('/admin/aggiornamenti').loginAs(doctor)).assertStatus(403)
    // A refused form post goes back with the studio's message; nothing is queued or saved.
    for (const [url, form] of [
      ['/admin/aggiornamenti/applica', { all: '1' }],
      ['/admin/aggiornamenti/impostazioni', { feed_url: 'https://altro.esempio.it' }],
      ['/admin/aggiornamenti/controlla', {}],
    ] as const) {
      const refused = await client.post(url).form(form).withCsrfToken().loginAs(doctor).redirects(0)
      assert.notEqual(refused.status(), 200)
      assert.isDefined(refused.flashMessages().error)
    }
    assert.isNull(await db.from('settings').where('key', 'like', 'live-update.%').first())
    assert.equal(await db.from('update_history').count('* as n').first().then((r) => Number(r.n)), 0)
    const home = cheerio.load((await client.get('/').loginAs(doctor)).text())
    assert.lengthOf(home('#main-nav a[href="/admin/aggiornamenti"]'), 0)
    assert.equal(home('#main-nav a[href="/aggiornamenti/messaggi"]').text(), 'Messaggi')

    const page = await client.get('/admin/aggiornamenti').loginAs(admin)
    page.assertStatus(200)
    const $ = cheerio.load(page.text())
    assert.equal($('h1').text(), 'Aggiornamenti')
    assert.equal($('#main-nav a[href="/admin/aggiornamenti"]').text(), 'Aggiornamenti')
    assert.lengthOf($('[data-testid="never-checked"]'), 1)
  })

  test('the administrator checks, sees the available components and applies the selected ones', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const feed = await buildFixtureFeed(scratch.dir)
    await useFeed(feed.dir, feed.publicKey)

    const checked = await client.post('/admin/aggiornamenti/controlla').withCsrfToken().loginAs(admin).redirects(0)
    assert.equal(checked.flashMessages().success, 'Controllo eseguito.')

    let $ = cheerio.load((await client.get('/admin/aggiornamenti').loginAs(admin)).text())
    assert.equal($('[data-testid="last-check"]').attr('data-ok'), 'true')
    const rows = $('[data-testid="feed-components"] tbody tr')
    assert.sameMembers(rows.map((_, r) => $(r).attr('data-component')).get(), ['asl', 'icd9cm', 'messages', 'dss_rules'])
    assert.lengthOf($('input[name="keys[]"]'), 4)

    const none = await client.post('/admin/aggiornamenti/applica').form({ selected: '1' }).withCsrfToken().loginAs(admin).redirects(0)
    assert.include(String(none.flashMessages().error), 'Selezionare almeno un componente')

    const applied = await client
      .post('/admin/aggiornamenti/applica')
      .form({ 'keys[]': ['asl', 'messages'], 'selected': '1' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.include(String(applied.flashMessages().success), 'Aggiornamento avviato')
    await jobs.idle(10_000)

    assert.equal((await db.from('reference_datasets').where('key', 'asl').first()).version, feed.components.find((c) => c.key === 'asl')!.version)
    assert.isNull(await db.from('reference_datasets').where('key', 'icd9cm').first())
    const history = await UpdateHistory.findByOrFail('component_key', 'asl')
    assert.equal(history.userId, admin.id)
    assert.equal(history.origin, 'admin')

    $ = cheerio.load((await client.get('/admin/aggiornamenti').loginAs(admin)).text())
    const states = Object.fromEntries($('[data-testid="feed-components"] tbody tr').map((_, r) => [[$(r).attr('data-component'), $(r).attr('data-state')]]).get())
    assert.deepEqual(states, { asl: 'current', icd9cm: 'available', messages: 'current', dss_rules: 'available' })
    assert.include($('[data-installed="asl"] [data-testid="version"]').text(), feed.components.find((c) => c.key === 'asl')!.version)
    const historyRow = $('[data-testid="update-history"] tbody tr').filter((_, r) => $(r).text().includes('asl'))
    assert.include(historyRow.text(), admin.username)
    assert.include(historyRow.text(), '5 / 0 / 0')
    assert.include($('[data-testid="admin-messages"]').text(), 'Prontuario aggiornato')

    // The live section alone, for htmx.
    const fragment = await client.get('/admin/aggiornamenti').header('HX-Request', 'true').loginAs(admin)
    assert.match(fragment.text().trim(), /^<section id="updates-live"/)

    await client.post('/admin/aggiornamenti/applica').form({ all: '1' }).withCsrfToken().loginAs(admin).redirects(0)
    await jobs.idle(10_000)
    assert.isNotNull(await db.from('reference_datasets').where('key', 'icd9cm').first())
    assert.equal(await db.from('dss_rule_sets').count('* as n').first().then((r) => Number(r.n)), 2)
  })

  test('a failed check is shown with its Italian message', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const feed = await buildFixtureFeed(scratch.dir)
    await useFeed(feed.dir, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')
    const checked = await client.post('/admin/aggiornamenti/controlla').withCsrfToken().loginAs(admin).redirects(0)
    assert.include(String(checked.flashMessages().error), 'Firma del manifest non valida')
    const $ = cheerio.load((await client.get('/admin/aggiornamenti').loginAs(admin)).text())
    assert.include($('[data-testid="check-error"]').text(), 'Firma del manifest non valida')
    assert.lengthOf($('input[name="keys[]"]'), 0)
  })

  test('settings: bad values get an Italian error next to the field; good ones are saved', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const bad = await client
      .post('/admin/aggiornamenti/impostazioni')
      .form({ feed_url: 'ftp://esempio', proxy: 'proxy senza schema', check_every_minutes: '5' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    bad.assertStatus(302)
    const errors = (bad.flashMessages() as any).inputErrorsBag
    assert.include(errors.feed_url[0], 'http:// o https://')
    assert.include(errors.proxy[0], 'http://host:porta')
    assert.include(errors.check_every_minutes[0], 'tra 15 e 10080')

    const page = await client.get('/admin/aggiornamenti').withFlashMessages({ inputErrorsBag: errors, feed_url: 'ftp://esempio' }).loginAs(admin)
    const $ = cheerio.load(page.text())
    assert.include($('#f-feed_url-error').text(), 'http:// o https://')
    assert.equal($('#f-feed_url').val(), 'ftp://esempio')
    assert.include($('#f-check_every_minutes-error').text(), 'tra 15 e 10080')

    const good = await client
      .post('/admin/aggiornamenti/impostazioni')
      .form({ feed_url: 'https://aggiornamenti.esempio.it/feed', proxy: 'http://proxy.asl.local:3128', check_every_minutes: '60', auto_apply: '1' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    assert.equal(good.flashMessages().success, 'Impostazioni salvate.')
    const { loadSettings } = await import('../../services/update_settings.js')
    assert.deepEqual(await loadSettings(), {
      feedUrl: 'https://aggiornamenti.esempio.it/feed',
      proxy: 'http://proxy.asl.local:3128',
      checkEveryMinutes: 60,
      autoApply: true,
    })
    assert.deepInclude(jobs.declaredSchedules(), { key: 'live-update.check', name: 'live-update.check', every: 3_600_000 })
  })
})

test.group('/aggiornamenti/messaggi', (group) => {
  let scratch: ReturnType<typeof scratchDir>
  group.each.setup(async () => {
    scratch = scratchDir('messages')
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await rollback()
      forgetPublicKey()
      scratch.remove()
    }
  })

  test('each staff member sees the active messages for their role and can dismiss them', async ({ client, assert }) => {
    const feed = await buildFixtureFeed(scratch.dir)
    await useFeed(feed.dir, feed.publicKey)
    await checkForUpdates()
    await applyUpdates({ keys: ['messages'], origin: 'command' })
    const doctor = await createUser({ role: 'titolare' })
    const secretary = await createUser({ role: 'collaboratore' })

    const titles = async (user: typeof doctor) => {
      const $ = cheerio.load((await client.get('/aggiornamenti/messaggi').loginAs(user)).text())
      return $('[data-testid="messages"] h2').map((_, h) => $(h).text()).get()
    }
    assert.deepEqual((await titles(doctor)).sort(), ['Nota AIFA 13 modificata', 'Prontuario aggiornato'])
    assert.deepEqual(await titles(secretary), ['Prontuario aggiornato'])

    const message = await db.from('update_messages').where('key', 'nuovo-prontuario').first()
    const dismissed = await client.post(`/aggiornamenti/messaggi/${message.id}/nascondi`).withCsrfToken().loginAs(doctor).redirects(0)
    assert.equal(dismissed.flashMessages().success, 'Messaggio nascosto.')
    assert.deepEqual(await titles(doctor), ['Nota AIFA 13 modificata'])
    assert.deepEqual(await titles(secretary), ['Prontuario aggiornato'])
    // Twice, or a message that is not theirs: nothing breaks.
    ;(await client.post(`/aggiornamenti/messaggi/${message.id}/nascondi`).withCsrfToken().loginAs(doctor).redirects(0)).assertStatus(302)
    ;(await client.post('/aggiornamenti/messaggi/999999/nascondi').withCsrfToken().loginAs(doctor).redirects(0)).assertStatus(302)
  })
})
