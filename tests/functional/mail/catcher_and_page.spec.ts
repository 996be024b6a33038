import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import queueConfig from '#config/queue'
import jobs from '#services/jobs/main'
import { queueMail } from '#services/mail/outbox'
import { queueProtectedAttachment } from '#services/mail/protected_attachment'
import { resetMailTransport, useMailTransport } from '#services/mail/mail_transport'
import { startSmtpCatcher, type CatcherHandle } from '#services/mail/smtp_catcher'
import { createUser } from '#tests/helpers/factories'
import { testConfig, waitFor } from '#tests/unit/jobs/support/test_jobs'
import { binaryGet } from '#tests/helpers/binary_download'
import { openZip, waitForStatus } from './support.js'

test.group('mail catcher and /admin/posta', (group) => {
  let catcher: CatcherHandle
  group.each.setup(async () => {
    await jobs.reconfigure(testConfig('inline'))
    const rollback = await testUtils.db().withGlobalTransaction()
    catcher = await startSmtpCatcher(0)
    await useMailTransport('catcher', { host: '127.0.0.1', port: catcher.port, secure: false, user: undefined })
    return async () => {
      await jobs.idle(10_000)
      await catcher.close()
      await resetMailTransport()
      await jobs.reconfigure(queueConfig)
      await rollback()
    }
  })

  test('the catcher receives what the studio sends; the page lists it and opens the zip and the HTML safely', async ({ client, assert }) => {
    const sent = await queueProtectedAttachment({
      to: 'paziente@example.it',
      subject: 'Il suo certificato',
      description: 'il certificato di malattia',
      zipName: 'certificato',
      files: [{ filename: 'certificato.pdf', content: Buffer.from('%PDF-1.7 certificato') }],
    })
    const caught = await waitFor(async () => {
      const rows = await db.from('caught_mails').orderBy('id')
      return rows.length === 2 ? rows : null
    })
    assert.equal(caught[0].subject, 'Il suo certificato')
    assert.equal(caught[0].to_addresses, 'paziente@example.it')
    assert.include(caught[1].text, sent.password)

    const admin = await createUser({ role: 'admin' })
    const page = await client.get('/admin/posta').loginAs(admin)
    page.assertStatus(200)
    const $ = cheerio.load(page.text())
    assert.include($('[data-testid="mail-transport"]').text(), 'catcher')
    assert.include($('[data-testid="caught-mails"]').text(), 'Il suo certificato')
    assert.include($('[data-testid="caught-mails"]').text(), 'certificato.zip')
    assert.equal($(`[data-mail-id="${sent.zipMailId}"]`).attr('data-status'), 'sent')

    const detail = await client.get(`/admin/posta/ricevuta/${caught[0].id}`).loginAs(admin)
    assert.include(detail.text(), 'certificato.zip')
    const html = await client.get(`/admin/posta/ricevuta/${caught[0].id}/html`).loginAs(admin)
    assert.include(html.header('content-security-policy'), 'sandbox')
    assert.include(html.text(), 'secondo messaggio separato')

    const zip = await binaryGet(client, `/admin/posta/ricevuta/${caught[0].id}/allegati/0`, admin)
    const files = await openZip(zip.body() as Buffer, sent.password)
    assert.equal(files['certificato.pdf'].data.toString(), '%PDF-1.7 certificato')
    assert.equal(zip.status(), 200)
    assert.include(zip.header('content-disposition'), 'certificato.zip')
    const audited = await db.from('audit_logs').where('entity', 'caught_mail').count('* as n').first()
    assert.isAbove(Number(audited.n), 0)
  })

  test('the outbox page hides the body of a mail that carries a password', async ({ client, assert }) => {
    const sent = await queueProtectedAttachment({
      to: 'paziente@example.it',
      subject: 'Referto',
      description: 'il referto',
      zipName: 'referto',
      files: [{ filename: 'referto.pdf', content: Buffer.from('%PDF referto') }],
    })
    await waitForStatus(sent.passwordMailId, 'sent')
    const admin = await createUser({ role: 'admin' })
    const secret = await client.get(`/admin/posta/${sent.passwordMailId}`).loginAs(admin)
    assert.include(secret.text(), 'Contenuto riservato')
    assert.notInclude(secret.text(), sent.password)
    const open = await client.get(`/admin/posta/${sent.zipMailId}`).loginAs(admin)
    assert.include(cheerio.load(open.text())('[data-testid="mail-text"]').text(), 'il referto')
  })

  test('only the administrator reads the mail pages', async ({ client, assert }) => {
    const id = await queueMail({ to: 'x@example.it', subject: 'Prova', body: 'Prova' })
    for (const role of ['titolare', 'sostituto', 'collaboratore'] as const) {
      const user = await createUser({ role })
      ;(await client.get('/admin/posta').loginAs(user)).assertStatus(403)
      ;(await client.get(`/admin/posta/${id}`).loginAs(user)).assertStatus(403)
      const retry = await client.post(`/admin/posta/${id}/riprova`).withCsrfToken().loginAs(user).redirects(0)
      assert.notEqual(retry.status(), 200)
      assert.equal((await db.from('audit_logs').where({ entity: 'outgoing_mail', entity_id: String(id) }).count('* as n').first()).n, 0)
    }
    ;(await client.get('/admin/posta')).assertRedirectsTo('/login')
  })
})

test.group('mail without a server configured', (group) => {
  group.each.setup(async () => {
    const rollback = await testUtils.db().withGlobalTransaction()
    await useMailTransport('none')
    return async () => {
      await resetMailTransport()
      await rollback()
    }
  })

  test('mail waits in the outbox, the page says why, and it leaves once a server is set', async ({ client, assert }) => {
    const id = await queueMail({ to: 'x@example.it', subject: 'Avviso', body: 'Avviso di prova' })
    assert.equal((await db.from('outgoing_mails').where('id', id).first()).status, 'recorded')
    const admin = await createUser({ role: 'admin' })
    const page = await client.get('/admin/posta').loginAs(admin)
    assert.include(cheerio.load(page.text())('[data-testid="mail-transport"]').text(), 'SMTP_HOST')
    assert.include(page.text(), 'in attesa di configurazione')
    assert.notInclude(page.text(), `/admin/posta/${id}/riprova`)

    // The administrator configures a server: the waiting mail can be sent from the page.
    const { startTestSmtp } = await import('#tests/helpers/smtp_server')
    const smtp = await startTestSmtp()
    try {
      await useMailTransport('smtp', { host: '127.0.0.1', port: smtp.port })
      const again = await client.get('/admin/posta').loginAs(admin)
      assert.include(again.text(), `/admin/posta/${id}/riprova`)
      await client.post(`/admin/posta/${id}/riprova`).withCsrfToken().loginAs(admin).redirects(0)
      await waitForStatus(id, 'sent')
      assert.equal((await smtp.waitForMessages(1))[0].subject, 'Avviso')
    } finally {
      await jobs.idle(10_000)
      await smtp.close()
    }
  })
})
