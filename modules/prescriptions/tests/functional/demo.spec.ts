import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { seedDemoStudio } from '#services/demo/seed_demo_studio'
import { importDataset } from '#services/refdata/import_dataset'
import { seed, wipe } from '../../demo.js'

test.group('prescriptions demo data', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test("the secretary's prepared prescriptions wait for Dr Rossi; credentials are encrypted; wipe removes them", async ({ assert }) => {
    await seedDemoStudio({ patients: 40, seed: 3 })
    if (!(await db.from('drugs').first())) await importDataset('drugs', null)
    assert.match(await seed(), /6 prescrizioni preparate/)
    const rossi = await db.from('users').where('username', 'rossi').first()
    const waiting = await db.from('prescriptions').where('prescriber_id', rossi.id).where('state', 'AWAITING_VALIDATION')
    assert.lengthOf(waiting, 6)
    const credentials = await db.from('demat_credentials').where('user_id', rossi.id).first()
    assert.notInclude(credentials.secret, '0000000000')
    await wipe()
    assert.lengthOf(await db.from('prescriptions'), 0)
  })
})
