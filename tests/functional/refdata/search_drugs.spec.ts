import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { importDataset } from '#services/refdata/import_dataset'
import { equivalentDrugs, findDrug, searchDrugs } from '#services/refdata/search_drugs'
import { fixture } from './support.js'

const labels = (list: { label: string }[]) => list.map((d) => d.label)

test.group('drug picker', (group) => {
  group.each.setup(async () => {
    const rollback = await testUtils.db().withGlobalTransaction()
    await importDataset('drugs', fixture('aifa'))
    return rollback
  })

  test('by name prefix, in name and pack order, case and accents ignored', async ({ assert }) => {
    assert.deepEqual(labels(await searchDrugs('torv')), [
      'TORVAST 10 mg compresse rivestite con film 30 compresse',
      'TORVAST 20 mg compresse rivestite con film 30 compresse',
    ])
    assert.deepEqual((await searchDrugs('Atorvastatina  a')).map((d) => d.name), ['ATORVASTATINA ABC', 'ATORVASTATINA ABC', 'ATORVASTATINA ACCORD', 'ATORVASTATINA ACCORD'])
  })

  test('by active ingredient: packs named after it first, then the brands that contain it', async ({ assert }) => {
    assert.deepEqual((await searchDrugs('amlodipina')).map((d) => d.name), ['AMLODIPINA ABC', 'AMLODIPINA ACCORD', 'NORVASC'])
    assert.deepEqual((await searchDrugs('acido acet')).map((d) => d.name), ['CARDIOASPIRIN'])
    assert.deepEqual((await searchDrugs('potassio clav')).map((d) => d.name), ['AUGMENTIN'])
  })

  test('by AIC: the whole code, its first digits, or without the leading zero', async ({ assert }) => {
    assert.deepEqual(labels(await searchDrugs('033007042')), ['TORVAST 20 mg compresse rivestite con film 30 compresse'])
    assert.deepEqual((await searchDrugs('A033007')).map((d) => d.aic), ['033007028', '033007042'])
    assert.deepEqual((await searchDrugs('24840074')).map((d) => d.name), ['CARDIOASPIRIN'])
  })

  test('shows class, prices and the difference the patient pays above the reference price', async ({ assert }) => {
    const [torvast] = await searchDrugs('033007042')
    assert.deepInclude(torvast, { drugClass: 'A', publicPriceCents: 915, referencePriceCents: 752, differenceCents: 163, inTransparencyList: true, retiredOn: null })
    const [cialis] = await searchDrugs('cialis')
    assert.deepInclude(cialis, { drugClass: 'C', publicPriceCents: null, differenceCents: null })
  })

  test('too little typed finds nothing; retired packs are hidden from the picker but found by code', async ({ assert }) => {
    assert.deepEqual(await searchDrugs('t'), [])
    await importDataset('drugs', fixture('farmaci_equivalenti.csv'))
    // only the 12 packs of that list are current now
    assert.deepEqual(await searchDrugs('cialis'), [])
    assert.isNotNull((await findDrug('035672056'))?.retiredOn)
    assert.lengthOf(await searchDrugs('torv'), 2)
  })

  test('alternatives: the same equivalence group, cheapest first, never itself', async ({ assert }) => {
    const alternatives = await equivalentDrugs('033007042')
    assert.deepEqual(alternatives.map((d) => [d.name, d.publicPriceCents]), [
      ['ATORVASTATINA ABC', 752],
      ['ATORVASTATINA ACCORD', 752],
    ])
    assert.deepEqual((await equivalentDrugs('024840074')).map((d) => d.name), [])
    assert.deepEqual(await equivalentDrugs('999999999'), [])
  })

  test('alternatives without a group: same ATC, active ingredients and pack', async ({ assert }) => {
    assert.deepEqual((await equivalentDrugs('035672056')).map((d) => d.name), ['TADALAFIL ACCORD', 'TADALAFIL ALTER'])
  })
})
