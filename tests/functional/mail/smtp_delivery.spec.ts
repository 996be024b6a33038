import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { queueMail, queueTemplateMail } from '#services/mail/outbox'
import { queueProtectedAttachment } from '#services/mail/protected_attachment'
import { listFailed } from '#services/jobs/failed_jobs'
import { mailSetup, mailRow, openZip, smtp, waitForStatus } from './support.js'

for (const driver of ['inline', 'bullmq'] as const) {
  test.group(`mail over SMTP, jobs on ${driver}`, (group) => {
    group.each.setup(mailSetup(driver))

    test('a template mail reaches the SMTP server with its headers, Italian text and HTML parts', async ({ assert }) => {
      const id = await queueTemplateMail({
        to: 'paziente@example.it',
        subject: 'Il suo appuntamento',
        template: 'notice',
        data: { body: 'Gentile paziente,\nle ricordiamo l\'appuntamento di domani.\n\nCordiali saluti' },
      })
      const [message] = await smtp().waitForMessages(1)
      assert.equal(message.subject, 'Il suo appuntamento')
      assert.equal((message.to as any).value[0].address, 'paziente@example.it')
      assert.match((message.from as any).value[0].address, /@/)
      assert.include(message.text, "le ricordiamo l'appuntamento di domani.")
      assert.match(String(message.html), /le ricordiamo l(&#39;|&#x27;|')appuntamento di domani\./)
      assert.include(String(message.html), 'per favore non rispondere') // the common layout
      assert.deepEqual(smtp().envelopes[0], ['paziente@example.it'])
      const row = await waitForStatus(id, 'sent')
      assert.equal(row.attempts, 1)
      assert.equal(row.message_id, message.messageId)
      assert.isNotNull(row.sent_at)
    })

    test('attachments arrive byte for byte; their copies in the outbox are encrypted at rest', async ({ assert }) => {
      const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3000, 7)])
      const id = await queueTemplateMail({
        to: 'medico@example.it',
        subject: 'Referto',
        template: 'notice',
        data: { body: 'In allegato il referto.' },
        attachments: [{ filename: 'referto.pdf', contentType: 'application/pdf', content: pdf }],
      })
      const [message] = await smtp().waitForMessages(1)
      assert.lengthOf(message.attachments, 1)
      assert.equal(message.attachments[0].filename, 'referto.pdf')
      assert.equal(message.attachments[0].contentType, 'application/pdf')
      assert.isTrue(message.attachments[0].content.equals(pdf))
      const row = await waitForStatus(id, 'sent')
      const [stored] = JSON.parse(row.attachments)
      const { storedPath } = await import('#services/storage/encrypted_storage')
      const { readFile } = await import('node:fs/promises')
      const onDisk = await readFile(storedPath(stored.storageKey))
      assert.isFalse(onDisk.includes(Buffer.from('%PDF-1.7')))
    })

    test('protected attachment: the zip (AES-256) first, then the password in a second mail that opens it', async ({ assert }) => {
      const promemoria = Buffer.from('%PDF-1.7 promemoria NRE 1200A4000000001')
      const sent = await queueProtectedAttachment({
        to: 'paziente@example.it',
        subject: 'Promemoria della ricetta',
        description: 'il promemoria della ricetta dematerializzata',
        zipName: 'promemoria',
        files: [{ filename: 'promemoria.pdf', content: promemoria }],
      })
      const [zipMail, passwordMail] = await smtp().waitForMessages(2)
      assert.equal(zipMail.subject, 'Promemoria della ricetta')
      assert.equal(passwordMail.subject, 'Password per: Promemoria della ricetta')
      assert.notInclude(zipMail.text, sent.password)
      assert.include(zipMail.text, 'secondo messaggio separato')
      assert.lengthOf(passwordMail.attachments, 0)

      const zip = zipMail.attachments[0]
      assert.equal(zip.filename, 'promemoria.zip')
      // AES (method 99, WinZip AE) rather than the weak ZipCrypto: the extra field 0x9901 is present.
      assert.isTrue(zip.content.includes(Buffer.from([0x01, 0x99])))
      assert.isFalse(zip.content.includes(Buffer.from('promemoria NRE')))

      const password = /Password[^\n]*\n*\s*([A-Za-z0-9]{12})/i.exec(passwordMail.text!)?.[1] ?? passwordMail.text!.match(/\b[A-HJ-NP-Za-km-z2-9]{12}\b/)?.[0]
      assert.equal(password, sent.password)
      const files = await openZip(zip.content, password)
      assert.isTrue(files['promemoria.pdf'].encrypted)
      assert.isTrue(files['promemoria.pdf'].data.equals(promemoria))
      await assert.rejects(() => openZip(zip.content, 'sbagliata123'))

      // The password never sits in clear in the database.
      const row = await mailRow(sent.passwordMailId)
      assert.isTrue(Boolean(Number(row.secret)))
      assert.notInclude(row.body, sent.password)
      assert.notInclude(row.html, sent.password)
    })

    test('the password mail waits while its zip cannot be sent, and leaves right after it', async ({ assert }) => {
      smtp() // server up, but the recipient is refused below for the zip only: simulate with a held row
      const sent = await queueProtectedAttachment({
        to: 'paziente@example.it',
        subject: 'Certificato',
        description: 'il certificato',
        zipName: 'certificato.zip',
        files: [{ filename: 'certificato.pdf', content: Buffer.from('%PDF certificato') }],
      })
      const password = await mailRow(sent.passwordMailId)
      assert.oneOf(password.status, ['held', 'queued', 'sending', 'sent'])
      assert.equal(password.wait_for_mail_id, sent.zipMailId)
      await waitForStatus(sent.passwordMailId, 'sent')
      const zip = await mailRow(sent.zipMailId)
      assert.isAtMost(Date.parse(zip.sent_at), Date.parse((await mailRow(sent.passwordMailId)).sent_at))
      const [first, second] = smtp().messages
      assert.equal(first.subject, 'Certificato')
      assert.equal(second.subject, 'Password per: Certificato')
    })

    test('a server that is down: the mail is retried with backoff, then failed and visible with the error; Riprova sends it', async ({ assert, client }) => {
      const port = smtp().port
      await smtp().close()
      const id = await queueMail({ to: 'admin@example.it', subject: 'Backup non riuscito', body: 'Il backup non è riuscito.' })
      const failed = await waitForStatus(id, 'failed')
      assert.equal(failed.attempts, 3)
      assert.include(failed.last_error, 'non raggiungibile')
      const dead = await listFailed()
      assert.isTrue(dead.some((job) => job.jobName === 'core.send-mail' && (job.payload as any).mailId === id))

      // The server is back: the administrator retries from /admin/posta.
      const { startTestSmtp } = await import('#tests/helpers/smtp_server')
      const { useMailTransport } = await import('#services/mail/mail_transport')
      const { context } = await import('./support.js')
      context.smtp = await startTestSmtp()
      await useMailTransport('smtp', { port: context.smtp.port })
      const { createUser } = await import('#tests/helpers/factories')
      const admin = await createUser({ role: 'admin' })
      const page = await client.get('/admin/posta?filtro=problemi').loginAs(admin)
      assert.include(page.text(), 'non raggiungibile')
      assert.include(page.text(), `/admin/posta/${id}/riprova`)
      const retry = await client.post(`/admin/posta/${id}/riprova`).withCsrfToken().loginAs(admin).redirects(0)
      retry.assertStatus(302)
      await waitForStatus(id, 'sent')
      const [message] = await context.smtp.waitForMessages(1)
      assert.equal(message.subject, 'Backup non riuscito')
      assert.notEqual(port, 0)
    })
  })
}

test.group('mail over SMTP: server answers', (group) => {
  group.each.setup(mailSetup('inline', { auth: { user: 'studio', pass: 'segreta' }, rejectRecipient: 'inesistente@example.it' }))

  test('authenticates with the configured user; a refused recipient is reported with the server answer', async ({ assert }) => {
    const ok = await queueMail({ to: 'esiste@example.it', subject: 'Prova', body: 'Prova di invio.' })
    await waitForStatus(ok, 'sent')
    const refused = await queueMail({ to: 'inesistente@example.it', subject: 'Prova', body: 'Prova di invio.' })
    const row = await waitForStatus(refused, 'failed')
    assert.include(row.last_error, '550')
    assert.lengthOf(smtp().messages, 1)
  })

  test('wrong credentials are reported as a refused authentication', async ({ assert }) => {
    const { useMailTransport } = await import('#services/mail/mail_transport')
    await useMailTransport('smtp', { user: 'studio', password: 'sbagliata' })
    const id = await queueMail({ to: 'esiste@example.it', subject: 'Prova', body: 'Prova.' })
    const row = await waitForStatus(id, 'failed')
    assert.include(row.last_error, 'autenticazione rifiutata')
    assert.equal(await db.from('outgoing_mails').where('status', 'sent').count('* as n').first().then((r) => Number(r.n)), 0)
  })
})
