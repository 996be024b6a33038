import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { importDataset } from '#services/refdata/import_dataset'
import { findCatalogueItem, searchCatalogue } from '#services/refdata/search_catalogue'
import { fixture } from './support.js'

const lazio = (typed: string) => searchCatalogue(typed, { region: 'lazio' })
const codes = (list: { regionalCode: string }[]) => list.map((i) => i.regionalCode)

test.group('catalogue picker', (group) => {
  group.each.setup(async () => {
    const rollback = await testUtils.db().withGlobalTransaction()
    await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    await importDataset('catalogue', fixture('catalogo_nazionale.csv'))
    return rollback
  })

  test('by national code prefix, within the region, in code order', async ({ assert }) => {
    assert.deepEqual(codes(await lazio('89.7')), ['89.7', '89.7A.3'])
    assert.deepEqual(codes(await lazio('90.14')), ['90.14.1', '90.14.3'])
    assert.deepEqual(codes(await searchCatalogue('89.7', { region: 'nazionale' })), ['89.7', '89.7A.3'])
  })

  test('a code typed without the dot, and a regional code of its own', async ({ assert }) => {
    assert.deepEqual(codes(await lazio('8952')), ['89.52'])
    const [hips] = await lazio('lz-eco')
    assert.deepInclude(hips, { regionalCode: 'LZ-ECO-ANCHE', nationalCode: '88.79.2', maxAge: 1 })
  })

  test('by words of the description, those that start with the first word first', async ({ assert }) => {
    assert.deepEqual(codes(await lazio('ecografia addome')), ['88.76.1', '88.74.1'])
    assert.deepEqual(codes(await lazio('glicata')), ['90.28.1'])
    assert.deepEqual(codes(await lazio('colesterolo')), ['90.14.1', '90.14.3'])
  })

  test('what the prescription needs: tariff, quantity, sex and age limits, clinical question', async ({ assert }) => {
    const [psa] = await lazio('psa')
    assert.deepInclude(psa, { nationalCode: '90.56.9', tariffCents: 1200, maxQuantity: 1, sex: 'M', minAge: 40, requiresQuestion: false })
    const [xray] = await lazio('87.44.1')
    assert.deepInclude(xray, { requiresQuestion: true, label: '87.44.1 RX DEL TORACE' })
  })

  test('another region, too little typed, retired items: nothing', async ({ assert }) => {
    assert.deepEqual(await searchCatalogue('89.52', { region: 'lombardia' }), [])
    assert.deepEqual(await lazio('e'), [])
    await importDataset('catalogue', fixture('catalogue_lazio_update.csv'))
    assert.deepEqual(await lazio('glicata'), [])
    assert.isNotNull((await findCatalogueItem('lazio', '90.28.1'))?.retiredOn)
    assert.equal((await findCatalogueItem('Lazio', '89.52'))?.tariffCents, 1200)
  })
})
