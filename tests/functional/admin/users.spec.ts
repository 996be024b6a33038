import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import * as cheerio from 'cheerio'
import User from '#models/user'
import { createPatient, createUser } from '#tests/helpers/factories'
import { aceInChild } from '#tests/helpers/child_app'

test.group('administration', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('only the administrator manages accounts', async ({ client }) => {
    for (const role of ['titolare', 'collaboratore', 'sostituto'] as const) {
      const user = await createUser({ role })
      ;(await client.get('/admin/utenti').loginAs(user)).assertStatus(403)
    }
    ;(await client.get('/admin/utenti').loginAs(await createUser({ role: 'admin' }))).assertStatus(200)
  })

  test('the administrator creates a user who must change the generated password; the change is audited', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const response = await client
      .post('/admin/utenti')
      .form({ username: 'nuova.segretaria', first_name: 'Nina', last_name: 'Neri', role: 'collaboratore', unrestricted_rights: '1' })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    response.assertStatus(302)
    assert.match(String(response.flashMessages().temporaryPassword), /^[A-Za-z]{8}\d{3}$/)
    const created = await User.findByOrFail('username', 'nuova.segretaria')
    assert.isTrue(created.mustChangePassword)
    assert.isTrue(created.unrestrictedRights)
    assert.isNotNull(await db.from('audit_logs').where({ entity: 'user', action: 'create', entity_id: String(created.id) }).first())
  })

  test('a duplicate username and a bad role are explained next to the fields', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin', username: 'amministratore' })
    const dup = await client.post('/admin/utenti').form({ username: 'amministratore', first_name: 'A', last_name: 'B', role: 'titolare' }).withCsrfToken().loginAs(admin).redirects(0)
    assert.include((dup.flashMessages() as any).inputErrorsBag.username.join(), 'già in uso')
    const bad = await client.post('/admin/utenti').form({ username: 'altro', first_name: 'A', last_name: 'B', role: 're' }).withCsrfToken().loginAs(admin).redirects(0)
    assert.property(bad.flashMessages().inputErrorsBag, 'role')
  })

  test('disable, enable and reset one user; the last administrator cannot be disabled', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const user = await createUser({ role: 'collaboratore' })
    await client.post(`/admin/utenti/${user.id}/disabilita`).withCsrfToken().loginAs(admin).redirects(0)
    await user.refresh()
    assert.isFalse(user.isEnabled)
    await client.post(`/admin/utenti/${user.id}/abilita`).withCsrfToken().loginAs(admin).redirects(0)
    const reset = await client.post(`/admin/utenti/${user.id}/reimposta-password`).withCsrfToken().loginAs(admin).redirects(0)
    await user.refresh()
    assert.isTrue(user.isEnabled)
    assert.isTrue(user.mustChangePassword)
    assert.isTrue(await user.verifyPassword(String(reset.flashMessages().temporaryPassword)))
    const self = await client.post(`/admin/utenti/${admin.id}/disabilita`).withCsrfToken().loginAs(admin).redirects(0)
    assert.include(self.flashMessages().error, 'ultimo amministratore')
    await admin.refresh()
    assert.isTrue(admin.isEnabled)
  })

  test('a titolare names associates, who then reach his patients', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const rossi = await createUser({ role: 'titolare' })
    const bianchi = await createUser({ role: 'titolare' })
    const patient = await createPatient({ doctorId: rossi.id })
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(bianchi)).assertStatus(403)
    const saved = await client
      .put(`/admin/utenti/${rossi.id}`)
      .form({ first_name: rossi.firstName, last_name: rossi.lastName, role: 'titolare', associates: [String(bianchi.id)] })
      .withCsrfToken()
      .loginAs(admin)
      .redirects(0)
    saved.assertStatus(302)
    await rossi.load('associates')
    assert.deepEqual(rossi.associates.map((a) => a.id), [bianchi.id])
    ;(await client.get(`/pazienti/${patient.id}`).loginAs(bianchi)).assertStatus(200)
  })

  test('the audit log is searchable by patient and user, and reading it is audited', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const doctor = await createUser({ role: 'titolare', username: 'dottore' })
    const patient = await createPatient({ doctorId: doctor.id })
    const other = await createPatient({ doctorId: doctor.id })
    await client.get(`/pazienti/${patient.id}`).loginAs(doctor)
    await client.get(`/pazienti/${other.id}`).loginAs(doctor)
    const page = await client.get('/admin/audit').qs({ patient: String(patient.id), user: 'dottore' }).loginAs(admin)
    page.assertStatus(200)
    const rows = cheerio.load(page.text())('[data-testid="audit-rows"] tbody tr')
    assert.lengthOf(rows, 1)
    assert.include(rows.text(), 'chart')
    assert.isNotNull(await db.from('audit_logs').where({ entity: 'audit_log', user_id: admin.id }).first())
  })

  test('the audit log refuses changes and deletions', async ({ assert }) => {
    await db.table('audit_logs').insert({ occurred_at: '2026-01-01 10:00:00', action: 'read', entity: 'patient' })
    await assert.rejects(() => db.from('audit_logs').update({ action: 'nothing' }))
    await assert.rejects(() => db.from('audit_logs').delete())
  })
})

test.group('ace user commands', () => {
  test('user:create makes an account and refuses a duplicate; user:unlock unlocks or fails', async ({ assert }) => {
    // Its own SQLite file, whatever database the suite runs on: the child writes outside the test transaction.
    const env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: 'tmp/test-ace-users.sqlite3' }
    const { rmSync } = await import('node:fs')
    rmSync('tmp/test-ace-users.sqlite3', { force: true })
    await aceInChild(['migration:run', '--force'], env)
    const out = await aceInChild(['user:create', '--username=maria.ace', '--role=titolare', '--first-name=Maria', '--last-name=Ace', '--password=Iniziale2026'], env)
    assert.include(out, 'creato')
    await assert.rejects(() => aceInChild(['user:create', '--username=maria.ace', '--role=titolare', '--first-name=Maria', '--last-name=Ace'], env))
    await assert.rejects(() => aceInChild(['user:create', '--username=x', '--role=re', '--first-name=A', '--last-name=B'], env))
    await assert.rejects(() => aceInChild(['user:unlock', 'nessuno'], env))
    assert.include(await aceInChild(['user:unlock', 'maria.ace'], env), 'sbloccato')
  }).timeout(60_000)
})

test.group('administration: clinics', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('clinics are created and edited with their print settings; bad margins are refused', async ({ client, assert }) => {
    const admin = await createUser({ role: 'admin' })
    const form = { name: 'Ambulatorio Centro', address: 'Via Roma 1', cap: '00100', is_active: '1', print_format: 'A5', print_orientation: 'landscape', print_margin_top_mm: '8', print_margin_right_mm: '8', print_margin_bottom_mm: '12', print_margin_left_mm: '8' }
    const created = await client.post('/admin/ambulatori').form(form).withCsrfToken().loginAs(admin).redirects(0)
    created.assertHeader('location', '/admin/ambulatori')
    const { default: Clinic } = await import('#models/clinic')
    const clinic = await Clinic.findByOrFail('name', 'Ambulatorio Centro')
    assert.equal(clinic.printFormat, 'A5')
    assert.equal(clinic.printMarginBottomMm, 12)
    const bad = await client.post(`/admin/ambulatori/${clinic.id}`).form({ ...form, print_margin_left_mm: '90' }).withCsrfToken().loginAs(admin).redirects(0)
    assert.property(bad.flashMessages().inputErrorsBag, 'print_margin_left_mm')
    const page = await client.get('/admin/ambulatori').loginAs(admin)
    assert.include(cheerio.load(page.text())('[data-testid="clinics"]').text(), 'Ambulatorio Centro')
    ;(await client.get('/admin/ambulatori').loginAs(await createUser({ role: 'collaboratore' }))).assertStatus(403)
  })
})
