import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { importDataset } from '#services/refdata/import_dataset'
import { count, day, fixture, hasShared, sharedFile, today } from './support.js'

const item = (region: string, code: string) => db.from('catalogue_items').where({ region, regional_code: code }).first()

test.group('catalogue import', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a regional catalogue: tariffs, limits and clinical question; bad lines skipped with the reason', async ({ assert }) => {
    const report = await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    assert.deepInclude(report, { added: 25, total: 25 })
    assert.deepEqual(report.skipped, [
      { line: 8, reason: 'codice non valido «8952» (atteso NN.NN[.X])' },
      { line: 13, reason: 'codice 90.27.1 ripetuto per la regione lazio' },
      { line: 19, reason: 'tariffa non valida «uno» per 90.14.3' },
      { line: 24, reason: 'sesso non valido «X» per 87.37.2 (M o F)' },
      { line: 29, reason: 'età minima 50 oltre la massima 18 per 88.78.2' },
    ])
    assert.deepInclude(await item('lazio', '89.52'), { national_code: '89.52', description: 'ELETTROCARDIOGRAMMA', tariff_cents: 1160, max_quantity: 1, branca_codes: '02', sex: null })
    assert.isFalse(Boolean((await item('lazio', '89.52')).requires_question))
    assert.isTrue(Boolean((await item('lazio', '88.74.1')).requires_question), '"si" is yes')
    assert.deepInclude(await item('lazio', '90.56.9'), { sex: 'M', min_age: 40, max_age: null })
    assert.deepInclude(await item('lazio', 'LZ-ECO-ANCHE'), { national_code: '88.79.2', min_age: 0, max_age: 1 })
    assert.deepInclude(await item('lazio', '90.16.3'), { notes: 'Non associabile a 90.16.4' })
    assert.equal((await item('lazio', '88.76.1')).description_search, 'ECOGRAFIA DELL ADDOME COMPLETO')
    const dataset = await db.from('reference_datasets').where('key', 'catalogue').first()
    assert.match(dataset.version, /^lazio-[0-9a-f]{12}$/)
  })

  test('the national list codice;descrizione: region "nazionale", odd codes accepted, glued notes split off', async ({ assert }) => {
    const report = await importDataset('catalogue', fixture('catalogo_nazionale.csv'))
    assert.deepInclude(report, { added: 13, total: 13 })
    assert.deepEqual(report.skipped, [
      { line: 15, reason: 'codice non valido «8952» (atteso NN.NN[.X])' },
      { line: 16, reason: 'descrizione mancante per 89.50' },
    ])
    assert.deepInclude(await item('nazionale', '02.93.1'), {
      national_code: '02.93.1',
      description: 'CONTROLLO / PROGRAMMAZIONE DI NEUROSTIMOLATORE ENCEFALICO',
      notes: 'Non associabile a Visita neurologica di controllo 89.01.C',
    })
    assert.deepInclude(await item('nazionale', '89.17.3'), { description: 'MONITORAGGIO CARDIORESPIRATORIO NOTTURNO COMPLETO', notes: 'Per studio apnee' })
    // upper case followed by lower case that opens no note stays in the description
    assert.deepInclude(await item('nazionale', '88.71.6'), { description: 'MONITORAGGIO DOPPLER TRANSCRANICO PER IL MICROEMBOLISMO [MESh]', notes: null })
    assert.deepInclude(await item('nazionale', '91.20.5'), { notes: null })
    for (const code of ['89.7', '89.7A.3', '89.01.C', 'G2.09', '20.94.A']) assert.isNotNull(await item('nazionale', code), code)
    assert.include((await db.from('reference_datasets').where('key', 'catalogue').first()).attribution, 'Ministero della Salute')
  })

  test('a file replaces the regions it holds and leaves the other regions alone', async ({ assert }) => {
    await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    const national = await importDataset('catalogue', fixture('catalogo_nazionale.csv'))
    assert.deepInclude(national, { added: 13, removed: 0 })
    assert.equal(await count('catalogue_items', { region: 'lazio', valid_to: null }), 25)
    const lazio = await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    assert.deepInclude(lazio, { added: 0, changed: 0, removed: 0 })
    assert.equal(await count('catalogue_items', { region: 'nazionale', valid_to: null }), 13)
  })

  test('a new version of the region adds, changes, and retires the items that left it without deleting them', async ({ assert }) => {
    await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    const report = await importDataset('catalogue', fixture('catalogue_lazio_update.csv'))
    assert.deepInclude(report, { added: 1, changed: 1, removed: 23, total: 3 })
    assert.equal((await item('lazio', '89.52')).tariff_cents, 1200)
    assert.equal(day((await item('lazio', '90.27.1')).valid_to), today())
    assert.isNull((await item('lazio', '89.7')).valid_to)
    assert.equal(await count('catalogue_items'), 26)
  })

  test('importing the same file again changes nothing; a dry run writes nothing', async ({ assert }) => {
    const dry = await importDataset('catalogue', fixture('catalogue_lazio.csv'), { dryRun: true })
    assert.deepInclude(dry, { added: 25, dryRun: true })
    assert.equal(await count('catalogue_items'), 0)
    assert.equal(await count('reference_datasets'), 0)
    await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    const again = await importDataset('catalogue', fixture('catalogue_lazio.csv'))
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
  })

  test('a file without the expected columns is refused before anything is written', async ({ assert }) => {
    await assert.rejects(() => importDataset('catalogue', fixture('asl_windows1252.csv')), /Intestazione non riconosciuta/)
    assert.equal(await count('catalogue_items'), 0)
  })

  test('the curated seed: the specialist requests a GP writes most, for Lazio', async ({ assert }) => {
    const report = await importDataset('catalogue', null)
    assert.isAtLeast(report.total, 60)
    assert.deepEqual(report.skipped, [])
    assert.equal(await count('catalogue_items', { region: 'lazio' }), report.total)
    for (const code of ['89.7', '89.01', '89.52', '90.62.2', '87.44.1', '88.76.1']) assert.isNotNull(await item('lazio', code), code)
    assert.equal((await item('lazio', '87.37.1')).sex, 'F')
  })

  test('the national catalogue shared beside the project imports whole')
    .skip(!hasShared('catalogo-nazionale-prestazioni.csv'), 'public data folder ../shared/data not found beside the project')
    .run(async ({ assert }) => {
      const report = await importDataset('catalogue', sharedFile('catalogo-nazionale-prestazioni.csv'))
      assert.isAbove(report.total, 2_000)
      assert.deepEqual(report.skipped, [])
      assert.equal((await item('nazionale', '02.93.1')).notes, 'Non associabile a Visita neurologica di controllo 89.01.C')
      const again = await importDataset('catalogue', sharedFile('catalogo-nazionale-prestazioni.csv'))
      assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
    })
    .timeout(120_000)
})
