import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { isValidFiscalCode } from '#services/patients/fiscal_code'
import { seedDemoStudio, DEMO_PASSWORD } from '#services/demo/seed_demo_studio'

test.group('demo studio', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('creates the staff, clinics and patients with valid, unique codici fiscali and records', async ({ assert }) => {
    const counts = await seedDemoStudio({ patients: 300, seed: 7 })
    assert.equal(counts.patients, 300)
    const users = (await db.from('users').orderBy('username')).map((u: any) => u.username)
    assert.includeMembers(users, ['admin', 'bianchi', 'infermiera', 'rossi', 'segreteria', 'verdi'])
    const patients = await db.from('patients')
    assert.lengthOf(patients, 300)
    assert.isTrue(patients.every((p: any) => isValidFiscalCode(p.fiscal_code)))
    assert.equal(new Set(patients.map((p: any) => p.fiscal_code)).size, 300)
    assert.isTrue(patients.every((p: any) => p.doctor_id !== null))
    const active = patients.filter((p: any) => p.status === 'active').length
    assert.isAbove(active, 260)
    assert.isBelow(active, 300)
    for (const table of ['problems', 'therapies', 'measurements', 'diary_entries']) {
      const [{ n }] = await db.from(table).count('* as n')
      assert.isAbove(Number(n), 50, table)
      const [{ orphans }] = await db.from(table).leftJoin('patients', 'patients.id', `${table}.patient_id`).whereNull('patients.id').count('* as orphans')
      assert.equal(Number(orphans), 0, table)
    }
    const [{ n: clinics }] = await db.from('clinics').count('* as n')
    assert.equal(Number(clinics), 2)
  })

  test('the same seed gives the same studio', async ({ assert }) => {
    await seedDemoStudio({ patients: 20, seed: 99 })
    const first = (await db.from('patients').orderBy('id').select('fiscal_code')).map((r: any) => r.fiscal_code)
    await db.from('measurements').delete()
    await db.from('therapies').delete()
    await db.from('problems').delete()
    await db.from('patient_exemptions').delete()
    await db.from('vaccinations').delete()
    await db.from('diary_entries').delete()
    await db.from('patients').delete()
    await db.from('clinic_hours').delete()
    await db.from('clinics').delete()
    await db.from('studios').delete()
    await db.from('user_associates').delete()
    await seedDemoStudio({ patients: 20, seed: 99 })
    const second = (await db.from('patients').orderBy('id').select('fiscal_code')).map((r: any) => r.fiscal_code)
    assert.deepEqual(second, first)
  })

  test('the demo accounts log in with the documented password', async ({ client }) => {
    await seedDemoStudio({ patients: 5, seed: 1 })
    for (const username of ['rossi', 'segreteria', 'admin']) {
      const response = await client.post('/login').form({ username, password: DEMO_PASSWORD }).withCsrfToken().redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', '/')
    }
  })
})
