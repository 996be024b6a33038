import { test } from '@japa/runner'
import http from 'node:http'
import db from '@adonisjs/lucid/services/db'
import { useMailTransport, resetMailTransport } from '#services/mail/mail_transport'
import { httpDriver, useSmsDriver } from '#services/sms/drivers'
import { startTestSmtp, type TestSmtp } from '#tests/helpers/smtp_server'
import { openZip } from '#tests/functional/mail/support'
import { waitFor } from '#tests/unit/jobs/support/test_jobs'
import { prescribeAndSend, prescriptionsSetup, studio } from '../support/setup.js'

let smtp: TestSmtp
let sms: { received: any[]; server: http.Server }

const row = (id: number) => db.from('prescriptions').where('id', id).first()

test.group('delivery of a dematerialised prescription', (group) => {
  group.each.setup(prescriptionsSetup())
  group.each.setup(async () => {
    smtp = await startTestSmtp()
    await useMailTransport('smtp', { host: '127.0.0.1', port: smtp.port, secure: false, user: undefined })
    const received: any[] = []
    const server = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push(JSON.parse(body))
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"sms-1"}')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    sms = { received, server }
    useSmsDriver(httpDriver({ url: `http://127.0.0.1:${(server.address() as any).port}/sms`, timeoutMs: 2000 }))
    return async () => {
      useSmsDriver(null)
      await new Promise((resolve) => server.close(resolve))
      await smtp.close()
      await resetMailTransport()
    }
  })

  test('NRE by SMS: the provider gets the NRE and nothing about the patient or the drug', async ({ assert }) => {
    const { doctor, patient } = await studio()
    const id = await prescribeAndSend(doctor, patient.id, 'sms')
    const done = await waitFor(async () => ((await row(id))?.state === 'DELIVERED' ? row(id) : null))
    await waitFor(() => sms.received.length === 1)
    assert.equal(sms.received[0].to, '+393331234567')
    assert.include(sms.received[0].text, done.nre)
    assert.notInclude(sms.received[0].text, patient.lastName)
    assert.notInclude(sms.received[0].text.toUpperCase(), 'ABIGERD')
    const event = await db.from('prescription_events').where('prescription_id', id).where('event', 'deliver').first()
    assert.include(event.note, 'SMS a 333****567')
  })

  test('promemoria by e-mail: the zip (AES) arrives, then the password that opens it; the PDF inside is the promemoria', async ({ assert }) => {
    const { doctor, patient } = await studio()
    const id = await prescribeAndSend(doctor, patient.id, 'email')
    const done = await waitFor(async () => ((await row(id))?.state === 'DELIVERED' ? row(id) : null))
    const [zipMail, passwordMail] = await smtp.waitForMessages(2, 20_000)
    assert.equal(zipMail.subject, 'Promemoria della ricetta elettronica')
    assert.notInclude(zipMail.subject!, patient.lastName)
    const password = passwordMail.text!.match(/\b[A-HJ-NP-Za-km-z2-9]{12}\b/)![0]
    const files = await openZip(zipMail.attachments[0].content, password)
    const pdf = files[`promemoria-${done.nre}.pdf`]
    assert.isTrue(pdf.encrypted)
    assert.equal(pdf.data.subarray(0, 5).toString(), '%PDF-')
  })

  test('NRE by e-mail: a PDF with the NRE barcodes, no name or drug in the message', async ({ assert }) => {
    const { doctor, patient } = await studio()
    const id = await prescribeAndSend(doctor, patient.id, 'nre_email')
    const done = await waitFor(async () => ((await row(id))?.state === 'DELIVERED' ? row(id) : null))
    const [mail] = await smtp.waitForMessages(1, 20_000)
    assert.equal(mail.subject, 'Numero della ricetta elettronica')
    assert.include(mail.text, done.nre)
    assert.notInclude(mail.text!, patient.lastName)
    assert.notInclude(mail.text!.toUpperCase(), 'ABIGERD')
    assert.equal(mail.attachments[0].filename, `nre-${done.nre}.pdf`)
    assert.equal(mail.attachments[0].content.subarray(0, 5).toString(), '%PDF-')
  })

  test('batch e-mail of the selected promemoria: each patient gets his zip and password; one without e-mail is reported', async ({ client, assert }) => {
    const { doctor, patient } = await studio()
    const { createPatient } = await import('#tests/helpers/factories')
    const noMail = await createPatient({ doctorId: doctor.id, email: null })
    const ids = [await prescribeAndSend(doctor, patient.id, 'print'), await prescribeAndSend(doctor, noMail.id, 'print')]
    await waitFor(async () => (await db.from('prescriptions').whereIn('id', ids).where('state', 'ACCEPTED')).length === 2)
    const response = await client.post('/gestione-studio/email').form({ ids: ids.map(String) }).withCsrfToken().loginAs(doctor).redirects(0)
    assert.include(String(response.flashMessages().success), '1 promemoria')
    assert.include(String(response.flashMessages().error), 'e-mail')
    const messages = await smtp.waitForMessages(2, 20_000)
    assert.deepEqual(smtp.envelopes.flat(), ['paziente@example.it', 'paziente@example.it'])
    assert.equal(messages[1].subject, 'Password per: Promemoria della ricetta elettronica')
  })
})
