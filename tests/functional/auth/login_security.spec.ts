import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import User from '#models/user'
import { createUser, PASSWORD } from '#tests/helpers/factories'

const login = (client: any, username: string, password: string) =>
  client.post('/login').form({ username, password }).withCsrfToken().redirects(0)

test.group('staff login security', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await limiter.clear(['memory'])
  })

  test('three wrong passwords lock the account; notices go to the user and the administrator', async ({ client, assert }) => {
    await createUser({ role: 'admin', username: 'capo', email: 'capo@studio.test' })
    const user = await createUser({ role: 'collaboratore', username: 'anna', email: 'anna@studio.test' })
    const first = await login(client, 'anna', 'sbagliata1')
    assert.include(first.flashMessages().error, 'Tentativi rimasti prima del blocco dell\'account: 2')
    await login(client, 'anna', 'sbagliata2')
    const third = await login(client, 'anna', 'sbagliata3')
    assert.include(third.flashMessages().error, 'Account bloccato dopo 3 tentativi')
    await user.refresh()
    assert.isNotNull(user.lockedAt)
    const afterLock = await login(client, 'anna', PASSWORD)
    assert.include(afterLock.flashMessages().error, 'bloccato')
    assert.isNull(await db.from('audit_logs').where({ user_id: user.id, action: 'login' }).first())
    const mails = await db.from('outgoing_mails').orderBy('id')
    const recipients = new Set(mails.map((m: any) => m.to_address))
    assert.isTrue(recipients.has('anna@studio.test'))
    assert.isTrue(recipients.has('capo@studio.test'))
    assert.isTrue(mails.some((m: any) => m.subject.includes('account bloccato')))
  })

  test('after the administrator unlocks the account the user logs in again', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const user = await createUser({ role: 'collaboratore', username: 'bea' })
    for (const attempt of ['x1x', 'x2x', 'x3x']) await login(client, 'bea', attempt)
    await client.post(`/admin/utenti/${user.id}/sblocca`).withCsrfToken().loginAs(admin).redirects(0)
    await user.refresh()
    assert.isNull(user.lockedAt)
    assert.equal(user.failedLoginCount, 0)
    const response = await login(client, 'bea', PASSWORD)
    response.assertHeader('location', '/')
  })

  test('a disabled user cannot log in, and one who is disabled while signed in is signed out', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare', username: 'carlo' })
    ;(await client.get('/').loginAs(user)).assertStatus(200)
    user.isEnabled = false
    await user.save()
    const next = await client.get('/').loginAs(user).redirects(0)
    next.assertStatus(302)
    next.assertHeader('location', '/login')
    const refused = await login(client, 'carlo', PASSWORD)
    assert.include(refused.flashMessages().error, 'disabilitato')
  })

  test('first login forces a new password; other pages wait until it is changed', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore', username: 'dora', mustChangePassword: true })
    const response = await login(client, 'dora', PASSWORD)
    response.assertHeader('location', '/profilo/password')
    const blocked = await client.get('/pazienti').loginAs(user).redirects(0)
    blocked.assertHeader('location', '/profilo/password')
    const change = (form: Record<string, string>) =>
      client.post('/profilo/password').form(form).withCsrfToken().loginAs(user).redirects(0)
    const cases: [Record<string, string>, string, string][] = [
      [{ current_password: 'sbagliata', new_password: 'Nuova2026x', new_password_confirmation: 'Nuova2026x' }, 'current_password', 'attuale'],
      [{ current_password: PASSWORD, new_password: 'corta1', new_password_confirmation: 'corta1' }, 'new_password', 'almeno 8'],
      [{ current_password: PASSWORD, new_password: 'solamentelettere', new_password_confirmation: 'solamentelettere' }, 'new_password', 'numeri'],
      [{ current_password: PASSWORD, new_password: PASSWORD, new_password_confirmation: PASSWORD }, 'new_password', 'diversa'],
      [{ current_password: PASSWORD, new_password: 'Nuova2026x', new_password_confirmation: 'Nuova2026y' }, 'new_password_confirmation', 'non coincide'],
    ]
    for (const [form, field, message] of cases) {
      const refused = await change(form)
      assert.include((refused.flashMessages() as any).inputErrorsBag[field].join(' '), message)
    }
    const ok = await change({ current_password: PASSWORD, new_password: 'Nuova2026x', new_password_confirmation: 'Nuova2026x' })
    ok.assertHeader('location', '/')
    await user.refresh()
    assert.isFalse(user.mustChangePassword)
    ;(await client.get('/pazienti').loginAs(user)).assertStatus(200)
  })

  test('a password older than 90 days must be changed', async ({ client }) => {
    const user = await createUser({ role: 'titolare', passwordChangedAt: DateTime.now().minus({ days: 91 }) })
    const response = await client.get('/').loginAs(user).redirects(0)
    response.assertHeader('location', '/profilo/password')
    const fresh = await createUser({ role: 'titolare', passwordChangedAt: DateTime.now().minus({ days: 89 }) })
    ;(await client.get('/').loginAs(fresh)).assertStatus(200)
  })

  test('too many attempts from one address are throttled', async ({ client, assert }) => {
    await createUser({ role: 'collaboratore', username: 'elio' })
    let throttled = null
    for (let i = 0; i < 12; i++) {
      const response = await login(client, `nessuno${i}`, 'sbagliata')
      if (response.status() === 429) {
        throttled = response
        break
      }
    }
    assert.isNotNull(throttled)
  })

  test('a login without the CSRF token is refused', async ({ client, assert }) => {
    await createUser({ role: 'titolare', username: 'franco' })
    const response = await client.post('/login').form({ username: 'franco', password: PASSWORD }).redirects(0)
    assert.property(response.flashMessages().errorsBag ?? {}, 'E_BAD_CSRF_TOKEN')
    const logins = await db.from('audit_logs').where('action', 'login')
    assert.lengthOf(logins, 0)
  })

  test('passwords are stored hashed with scrypt', async ({ assert }) => {
    const user = await createUser({ role: 'titolare' })
    const row = await db.from('users').where('id', user.id).first()
    assert.notEqual(row.password, PASSWORD)
    assert.match(row.password, /^\$scrypt\$/)
  })

  test('pages carry CSP with a nonce, frame and sniffing protection', async ({ client, assert }) => {
    const response = await client.get('/login')
    assert.match(response.header('content-security-policy') ?? '', /script-src 'self' 'nonce-[^']+'/)
    assert.include(response.header('content-security-policy'), "frame-ancestors 'none'")
    response.assertHeader('x-frame-options', 'DENY')
    response.assertHeader('x-content-type-options', 'nosniff')
  })

  test('every staff page needs a login', async ({ client }) => {
    for (const url of ['/', '/pazienti', '/pazienti/1', '/medico', '/admin', '/admin/utenti', '/admin/audit', '/profilo/password']) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/login')
    }
  })

  test('logins and logouts are audited with the address', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare', username: 'gino' })
    await login(client, 'gino', PASSWORD)
    await client.post('/logout').withCsrfToken().loginAs(user).redirects(0)
    const rows = await db.from('audit_logs').where('user_id', user.id).orderBy('id')
    assert.deepEqual(rows.map((r: any) => r.action), ['login', 'logout'])
    assert.isNotNull(rows[0].ip)
    void User
  })
})
