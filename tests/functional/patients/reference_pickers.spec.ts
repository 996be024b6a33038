import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import * as cheerio from 'cheerio'
import { createUser } from '#tests/helpers/factories'
import { importDataset } from '#services/refdata/import_dataset'
import { fixture, loadReferenceFixtures } from './support.js'

const options = (html: string) => {
  const $ = cheerio.load(html)
  return $('option').map((_, o) => ({
    value: $(o).attr('value'),
    code: $(o).attr('data-code'),
    description: $(o).attr('data-description'),
    text: $(o).text().trim(),
  })).get()
}

test.group('comune picker', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => loadReferenceFixtures())

  test('a name prefix gives options whose value is the codice catastale', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const found = options((await client.get('/riferimenti/comuni').qs({ q: 'rom' }).loginAs(user)).text())
    assert.deepEqual(found, [{ value: 'H501', code: 'H501', description: undefined, text: 'Roma (RM)' }])
  })

  test('accents, case and apostrophes do not matter', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const forli = options((await client.get('/riferimenti/comuni').qs({ q: 'FORLI' }).loginAs(user)).text())
    assert.equal(forli[0].text, 'Forlì (FC)')
    const aquila = options((await client.get('/riferimenti/comuni').qs({ q: "l'aq" }).loginAs(user)).text())
    assert.equal(aquila[0].value, 'A345')
  })

  test('current comuni come first, then suppressed ones, marked; foreign states too', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const abbadia = options((await client.get('/riferimenti/comuni').qs({ q: 'abbadia' }).loginAs(user)).text())
    assert.deepEqual(abbadia.map((o) => o.value), ['A006', 'A002'])
    assert.equal(abbadia[1].text, 'Abbadia Sopra Adda (CO) – soppresso nel 1928')
    const states = options((await client.get('/riferimenti/comuni').qs({ q: 'sviz' }).loginAs(user)).text())
    assert.deepEqual(states.map((o) => [o.value, o.text]), [['Z133', 'Svizzera (Stato estero)']])
  })

  test('for residence and domicile only current comuni are offered', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const abbadia = options((await client.get('/riferimenti/comuni').qs({ q: 'abbadia', current: '1' }).loginAs(user)).text())
    assert.deepEqual(abbadia.map((o) => o.value), ['A006'])
    assert.lengthOf(options((await client.get('/riferimenti/comuni').qs({ q: 'sviz', current: '1' }).loginAs(user)).text()), 0)
  })

  test('the text may come under the name of the asking field, or be a code', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    const byField = options((await client.get('/riferimenti/comuni').qs({ field: 'birth_place_code', birth_place_code: 'mil' }).loginAs(user)).text())
    assert.equal(byField[0].value, 'F205')
    const byCode = options((await client.get('/riferimenti/comuni').qs({ q: 'z404' }).loginAs(user)).text())
    assert.deepEqual(byCode.map((o) => o.text), ["Stati Uniti d'America (Stato estero)"])
  })

  test('one letter or nothing gives no options', async ({ client, assert }) => {
    const user = await createUser({ role: 'collaboratore' })
    assert.lengthOf(options((await client.get('/riferimenti/comuni').qs({ q: 'r' }).loginAs(user)).text()), 0)
    assert.lengthOf(options((await client.get('/riferimenti/comuni').loginAs(user)).text()), 0)
  })
})

test.group('ICD9-CM picker', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => loadReferenceFixtures())

  test('a code prefix lists the codes under it with data-code and data-description', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare' })
    const found = options((await client.get('/riferimenti/icd9').qs({ q: '401' }).loginAs(user)).text())
    assert.deepEqual(found.map((o) => o.code), ['401', '401.0', '401.1', '401.9'])
    const nine = found[3]
    assert.equal(nine.value, '401.9')
    assert.equal(nine.description, 'IPERTENSIONE ESSENZIALE NON SPECIFICATA')
    assert.equal(nine.text, '401.9 – IPERTENSIONE ESSENZIALE NON SPECIFICATA')
  })

  test('codes are found with or without the dot, V and E codes included', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare' })
    const codes = async (q: string) => options((await client.get('/riferimenti/icd9').qs({ q }).loginAs(user)).text()).map((o) => o.code)
    assert.deepEqual(await codes('4019'), ['401.9'])
    assert.deepEqual(await codes('250.0'), ['250.0', '250.00', '250.01'])
    assert.deepEqual(await codes('v17'), ['V17', 'V17.3'])
    assert.deepEqual(await codes('E880.'), ['E880.0', 'E880.9'])
  })

  test('words of the description, in any order, without accents', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare' })
    const found = options((await client.get('/riferimenti/icd9').qs({ q: 'tipo ii diabete' }).loginAs(user)).text())
    assert.deepEqual(found.map((o) => o.code), ['250.00', '250.20'])
    const obesity = options((await client.get('/riferimenti/icd9').qs({ q: 'obesita' }).loginAs(user)).text())
    assert.deepEqual(obesity.map((o) => o.description), ['OBESITÀ NON SPECIFICATA'])
  })

  test('the problems form of the chart asks with its own field name', async ({ client, assert }) => {
    const user = await createUser({ role: 'titolare' })
    const found = options((await client.get('/riferimenti/icd9').qs({ icd9_code: '487.1' }).loginAs(user)).text())
    assert.deepEqual(found.map((o) => o.code), ['487.1'])
  })

  test('codes retired by a later import are hidden', async ({ client, assert }) => {
    await importDataset('icd9cm', fixture('icd9cm_update.csv'))
    const user = await createUser({ role: 'titolare' })
    const codes = options((await client.get('/riferimenti/icd9').qs({ q: '401' }).loginAs(user)).text()).map((o) => o.code)
    assert.deepEqual(codes, ['401', '401.9'])
  })

  test('signed-out visitors cannot use the pickers', async ({ client, assert }) => {
    for (const url of ['/riferimenti/icd9?q=401', '/riferimenti/comuni?q=rom']) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      assert.match(response.header('location') ?? '', /^\/login\b/)
    }
  })
})
