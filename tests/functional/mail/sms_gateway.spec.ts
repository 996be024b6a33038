import { test } from '@japa/runner'
import http from 'node:http'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import queueConfig from '#config/queue'
import smsConfig from '#config/sms'
import jobs from '#services/jobs/main'
import { httpDriver, useSmsDriver } from '#services/sms/drivers'
import { InvalidPhoneNumber, queueSms } from '#services/sms/sms_outbox'
import { normalizeMobile } from '#services/sms/phone_number'
import { createUser } from '#tests/helpers/factories'
import { testConfig, waitFor } from '#tests/unit/jobs/support/test_jobs'

interface Received {
  headers: http.IncomingHttpHeaders
  body: any
}

/** A provider's HTTP API in the test: answers with the status the test chooses. */
async function startProvider(answer: () => { status: number; body: string }) {
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    let data = ''
    req.on('data', (c) => (data += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) })
      const { status, body } = answer()
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const smsRow = (id: number) => db.from('sms_messages').where('id', id).first()
const waitForSms = (id: number, status: string) => waitFor(async () => ((await smsRow(id))?.status === status ? smsRow(id) : null))

test.group('SMS gateway', (group) => {
  group.each.setup(async () => {
    const saved = { ...smsConfig }
    smsConfig.attempts = 3
    smsConfig.retryDelayMs = 30
    await jobs.reconfigure(testConfig('inline'))
    const rollback = await testUtils.db().withGlobalTransaction()
    return async () => {
      await jobs.idle(10_000)
      useSmsDriver(null)
      Object.assign(smsConfig, saved)
      await jobs.reconfigure(queueConfig)
      await rollback()
    }
  })

  test('Italian and foreign mobile numbers are normalised; landlines and typos are refused in Italian', ({ assert }) => {
    assert.deepEqual(normalizeMobile('333 123 4567'), { ok: true, e164: '+393331234567' })
    assert.deepEqual(normalizeMobile('+39 347-1234567'), { ok: true, e164: '+393471234567' })
    assert.deepEqual(normalizeMobile('0041 79 123 45 67'), { ok: true, e164: '+41791234567' })
    assert.include((normalizeMobile('06 1234567') as any).error, 'cellulare italiano')
    assert.include((normalizeMobile('333 12a4567') as any).error, 'solo cifre')
    assert.include((normalizeMobile('33312') as any).error, '9 o 10 cifre')
  })

  test('the HTTP driver posts number, sender and text with the bearer token; the provider id is kept', async ({ assert }) => {
    const provider = await startProvider(() => ({ status: 201, body: '{"id":"msg-778"}' }))
    useSmsDriver(httpDriver({ url: provider.url, token: 'tok-segreto', timeoutMs: 2000 }))
    try {
      const id = await queueSms({ to: '333 1234567', text: 'Studio Rossi: la ricetta NRE 1200A4000000001 è pronta.', purpose: 'nre' })
      const row = await waitForSms(id, 'sent')
      assert.equal(row.provider_id, 'msg-778')
      assert.lengthOf(provider.received, 1)
      const [call] = provider.received
      assert.equal(call.headers.authorization, 'Bearer tok-segreto')
      assert.deepEqual(call.body, { to: '+393331234567', from: smsConfig.sender, text: 'Studio Rossi: la ricetta NRE 1200A4000000001 è pronta.', reference: `studio-mg-${id}` })
      // The token never reaches the log.
      assert.notInclude(JSON.stringify(await smsRow(id)), 'tok-segreto')
    } finally {
      await provider.close()
    }
  })

  test('a secret (OTP) reaches the phone but the log keeps it masked, and its encrypted copy is erased once sent', async ({ assert }) => {
    const provider = await startProvider(() => ({ status: 200, body: '{"id":1}' }))
    useSmsDriver(httpDriver({ url: provider.url, timeoutMs: 2000 }))
    try {
      const id = await queueSms({ to: '3471234567', text: 'Il suo codice di accesso è {secret}', secret: '482913' })
      const row = await waitForSms(id, 'sent')
      assert.equal(provider.received[0].body.text, 'Il suo codice di accesso è 482913')
      assert.equal(row.text, 'Il suo codice di accesso è ••••••')
      assert.isNull(row.secret_encrypted)
    } finally {
      await provider.close()
    }
  })

  test('a provider error is retried, then failed with its answer; a 4xx answer is not retried; Riprova sends it', async ({ assert, client }) => {
    let status = 503
    const provider = await startProvider(() => ({ status, body: status === 200 ? '{"id":"ok-1"}' : '{"error":"servizio sospeso"}' }))
    useSmsDriver(httpDriver({ url: provider.url, timeoutMs: 2000 }))
    try {
      const id = await queueSms({ to: '3331234567', text: 'Promemoria appuntamento' })
      const failed = await waitForSms(id, 'failed')
      assert.equal(failed.attempts, 3)
      assert.include(failed.last_error, '503')
      assert.lengthOf(provider.received, 3)

      status = 400
      const bad = await queueSms({ to: '3331234568', text: 'Altro' })
      const refused = await waitForSms(bad, 'failed')
      assert.equal(refused.attempts, 1)

      status = 200
      const admin = await createUser({ role: 'admin' })
      const page = await client.get('/admin/posta').loginAs(admin)
      const $ = cheerio.load(page.text())
      assert.equal($(`[data-sms-id="${id}"]`).attr('data-status'), 'failed')
      assert.include($(`[data-sms-id="${id}"]`).text(), '503')
      await client.post(`/admin/posta/sms/${id}/riprova`).withCsrfToken().loginAs(admin).redirects(0)
      assert.equal((await waitForSms(id, 'sent')).provider_id, 'ok-1')
    } finally {
      await provider.close()
    }
  })

  test('an unreachable provider is reported as such', async ({ assert }) => {
    const { closedPort } = await import('#tests/unit/jobs/support/test_jobs')
    useSmsDriver(httpDriver({ url: `http://127.0.0.1:${await closedPort()}/sms`, timeoutMs: 1000 }))
    const id = await queueSms({ to: '3331234567', text: 'Prova' })
    assert.include((await waitForSms(id, 'failed')).last_error, 'non raggiungibile')
  })

  test('the recording driver sends nothing and logs the message; a bad number is refused before queueing', async ({ assert }) => {
    const id = await queueSms({ to: '3331234567', text: 'Il suo codice è {secret}', secret: '1234' })
    const row = await waitForSms(id, 'recorded')
    assert.equal(row.driver, 'recording')
    assert.equal(row.text, 'Il suo codice è ••••')
    await assert.rejects(() => queueSms({ to: '0612345', text: 'x' }), InvalidPhoneNumber as any)
    assert.equal(Number((await db.from('sms_messages').count('* as n').first()).n), 1)
  })
})
