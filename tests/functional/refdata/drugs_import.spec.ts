import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { importDataset } from '#services/refdata/import_dataset'
import { count, day, drug, fixture, hasShared, sharedFile, today } from './support.js'

const AIFA = fixture('aifa')
const CLASS_A = fixture('aifa/Classe_A_per_nome_commerciale_15-01-2025.csv')
const TRANSPARENCY = fixture('aifa/Lista_farmaci_equivalenti.csv')

test.group('drugs import: one AIFA file at a time', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the list aic;denominazione;atc;gruppo_equivalenza keeps codes as strings and skips bad lines with the reason', async ({ assert }) => {
    const report = await importDataset('drugs', fixture('farmaci_equivalenti.csv'))
    assert.deepInclude(report, { added: 12, total: 12 })
    assert.deepEqual(report.skipped, [
      { line: 14, reason: 'codice AIC non valido «0330070X»' },
      { line: 15, reason: 'denominazione mancante per AIC 037701240' },
      { line: 16, reason: 'codice ATC non valido «C8CA01» per AIC 037701251' },
    ])
    // without a class list the class is not known
    assert.deepInclude(await drug('033007028'), { aic6: '033007', name: 'TORVAST', name_search: 'TORVAST', atc: 'C10AA05', equivalence_group: 'FTA', class: null })
    assert.equal(await count('drug_ingredients'), 0)
  })

  test('a Windows-1252 class A list: euro header, AIC padded to 9 digits, prices in cents, transparency mark, regional list', async ({ assert }) => {
    const report = await importDataset('drugs', CLASS_A)
    assert.equal(await count('drugs'), 22)
    assert.equal(await count('drugs', { class: 'A' }), 22)
    assert.deepEqual(report.skipped, [
      { line: 6, reason: 'prezzo non valido «n.d.» per AIC 012745093' },
      { line: 10, reason: 'AIC 033007028 ripetuto' },
    ])
    assert.match(report.version, /^2025-01-15-[0-9a-f]{8}$/)
    assert.deepInclude(await drug('033007042'), {
      name: 'TORVAST',
      pack: '20 mg compresse rivestite con film 30 compresse',
      company: 'Viatris Italia S.r.l.',
      public_price_cents: 915,
      equivalence_group: 'FTB',
      active_ingredients: 'Atorvastatina calcio triidrato',
    })
    assert.isTrue(Boolean((await drug('033007042')).in_transparency_list))
    assert.isFalse(Boolean((await drug('033007028')).in_transparency_list))
    assert.equal((await drug('024402137')).equivalence_description, 'LEVOTIROXINA 25MICROGRAMMI UNITÀ USO ORALE')
    assert.deepInclude(await drug('002309045'), { name: 'FOLINA', aic6: '002309' })
    assert.equal((await drug('032647024')).regional_only, 'Sicilia')
    const augmentin = await db.from('drug_ingredients').where('aic', '038291124').orderBy('ingredient')
    assert.deepEqual(augmentin.map((i: any) => i.ingredient), ['AMOXICILLINA TRIIDRATA', 'POTASSIO CLAVULANATO'])
  })

  test('the transparency list: AIC without leading zeros, prices "5,63 €", SSN reference price, class A', async ({ assert }) => {
    const report = await importDataset('drugs', TRANSPARENCY)
    assert.equal(await count('drugs'), 7)
    assert.deepEqual(report.skipped, [{ line: 9, reason: 'codice AIC non valido «ABC»' }])
    assert.deepInclude(await drug('024840074'), {
      name: 'CARDIOASPIRIN',
      class: 'A',
      public_price_cents: 293,
      reference_price_cents: 241,
      equivalence_group: 'H4B',
      company: 'BAYER',
      atc: 'B01AC06',
    })
    assert.isTrue(Boolean((await drug('024840074')).in_transparency_list))
    assert.include((await drug('043348061')).equivalence_description, 'AMLODIPINA')
  })

  test('the anagrafica: pack, company, form, supply regime, status and the leaflet links', async ({ assert }) => {
    const report = await importDataset('drugs', fixture('aifa/confezioni_fornitura.csv'))
    assert.equal(await count('drugs'), 40)
    assert.deepEqual(report.skipped, [
      { line: 13, reason: 'codice AIC non valido «12AB45»' },
      { line: 24, reason: 'denominazione mancante per AIC 049999017' },
    ])
    assert.deepInclude(await drug('035672056'), {
      name: 'CIALIS',
      pack: '20 mg compresse rivestite con film 4 compresse',
      form: 'COMPRESSA RIVESTITA CON FILM',
      supply_regime: 'RR',
      admin_status: 'Autorizzata',
      class: null,
    })
    assert.equal((await drug('029478017')).admin_status, 'Sospesa')
    assert.match((await drug('035672056')).leaflet_url, /^https:\/\/.*035672_FI\.pdf$/)
    assert.match((await drug('035672056')).spc_url, /035672_RCP\.pdf$/)
  })

  test('a class list whose name does not tell A or H, a file of another kind and PA_confezioni alone are refused', async ({ assert, cleanup }) => {
    const dir = app.makePath('tmp', `test-drugs-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    cleanup(() => rmSync(dir, { recursive: true, force: true }))
    copyFileSync(CLASS_A, `${dir}/lista.csv`)
    await assert.rejects(() => importDataset('drugs', `${dir}/lista.csv`), /non riconoscibile dal nome del file «lista.csv»/)
    await assert.rejects(() => importDataset('drugs', fixture('icd9cm.csv')), /Intestazione non riconosciuta in icd9cm.csv/)
    await assert.rejects(() => importDataset('drugs', fixture('aifa/PA_confezioni.csv')), /va importato insieme all’anagrafica/)
    assert.equal(await count('drugs'), 0)
  })
})

test.group('drugs import: the AIFA files together', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a folder of AIFA files makes one dataset: 40 packs in classes A, H and C', async ({ assert }) => {
    const report = await importDataset('drugs', AIFA)
    assert.equal(await count('drugs'), 40)
    assert.deepEqual(
      [await count('drugs', { class: 'A' }), await count('drugs', { class: 'H' }), await count('drugs', { class: 'C' })],
      [22, 5, 13]
    )
    assert.equal(await count('drugs', { in_transparency_list: true }), 7)
    // which file each line was skipped from
    assert.includeMembers(report.skipped.map((s) => s.reason), [
      'Classe_A_per_nome_commerciale_15-01-2025.csv: prezzo non valido «n.d.» per AIC 012745093',
      'Lista_farmaci_equivalenti.csv: codice AIC non valido «ABC»',
      'confezioni_fornitura.csv: denominazione mancante per AIC 049999017',
    ])
    // anagrafica for identity, class list for class and price, transparency list for the reference price
    assert.deepInclude(await drug('033007042'), {
      name: 'TORVAST',
      company: 'Viatris Italia S.r.l.',
      form: 'COMPRESSA RIVESTITA CON FILM',
      class: 'A',
      public_price_cents: 915,
      reference_price_cents: 752,
      equivalence_group: 'FTB',
    })
    assert.deepInclude(await drug('026458012'), { name: 'TARGOSID', class: 'H', public_price_cents: 3181, supply_regime: 'OSP' })
    assert.deepInclude(await drug('037639010'), { name: 'AXERAMIS', class: 'C', public_price_cents: null, supply_regime: 'SOP' })
    // quantities from PA_confezioni; ingredients of the other packs from their own text
    assert.deepInclude(await db.from('drug_ingredients').where('aic', '033007028').first(), { ingredient: 'ATORVASTATINA CALCIO TRIIDRATO', quantity: '10,85', unit: 'mg' })
    assert.deepInclude(await db.from('drug_ingredients').where('aic', '044205110').first(), { ingredient: 'TADALAFIL', quantity: null })
    const dataset = await db.from('reference_datasets').where('key', 'drugs').first()
    assert.include(dataset.attribution, 'Fonte: AIFA')
    assert.include(dataset.licence, 'CC BY 4.0')
  })

  test('the same files as a comma list give the same dataset', async ({ assert }) => {
    await importDataset('drugs', AIFA)
    const files = ['confezioni_fornitura.csv', 'Classe_A_per_nome_commerciale_15-01-2025.csv', 'Classe_H_per_nome_commerciale_15-01-2025.csv', 'Lista_farmaci_equivalenti.csv', 'PA_confezioni.csv']
    const again = await importDataset('drugs', files.map((f) => fixture(`aifa/${f}`)).join(','))
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
  })

  test('importing the same files again changes nothing', async ({ assert }) => {
    const first = await importDataset('drugs', AIFA)
    const again = await importDataset('drugs', AIFA)
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0, total: first.total })
    assert.equal(await count('reference_datasets'), 1)
  })

  test('a new list records the changed price and retires the pack that left it; a pack that comes back is current again', async ({ assert }) => {
    await importDataset('drugs', TRANSPARENCY)
    const report = await importDataset('drugs', fixture('aifa_update/Lista_farmaci_equivalenti.csv'))
    // TORVAST 20 mg costs 9,40 €; AMLODIPINA ABC and its ingredient row leave
    assert.deepInclude(report, { added: 0, changed: 1, removed: 2 })
    assert.equal((await drug('033007042')).public_price_cents, 940)
    assert.equal(day((await drug('037701238')).valid_to), today())
    assert.equal(day((await db.from('drug_ingredients').where('aic', '037701238').first()).valid_to), today())
    assert.equal(await count('drugs'), 7, 'retired packs are kept')
    const back = await importDataset('drugs', TRANSPARENCY)
    // TORVAST's old price, and AMLODIPINA ABC with its ingredient current again
    assert.deepInclude(back, { added: 0, changed: 3, removed: 0 })
    assert.isNull((await drug('037701238')).valid_to)
  })

  test('a dry run reports the changes and writes nothing', async ({ assert }) => {
    const report = await importDataset('drugs', AIFA, { dryRun: true })
    assert.deepInclude(report, { added: 81, dryRun: true })
    assert.equal(await count('drugs'), 0)
    assert.equal(await count('drug_ingredients'), 0)
    assert.equal(await count('reference_datasets'), 0)
  })
})

test.group('drugs import: curated seed and real data', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the curated seed: the packs a GP prescribes most, in classes A, C and H, with prices', async ({ assert }) => {
    const report = await importDataset('drugs', null)
    assert.isAtLeast(report.total, 150)
    assert.deepEqual(report.skipped, [])
    assert.isAtLeast(await count('drugs', { class: 'C' }), 3)
    assert.isAtLeast(await count('drugs', { class: 'H' }), 3)
    assert.deepInclude(await drug('033007042'), { name: 'TORVAST', class: 'A', atc: 'C10AA05', equivalence_group: 'FTB' })
    assert.isAbove((await drug('033007042')).public_price_cents, 0)
    assert.equal(await count('drugs', { public_price_cents: null }), 0)
    assert.equal(await count('drug_ingredients', { ingredient: 'AMOXICILLINA TRIIDRATA' }), await count('drugs', { atc: 'J01CR02' }))
  })

  test('the equivalent-drugs list shared beside the project imports whole')
    .skip(!hasShared('farmaci-equivalenti.csv'), 'public data folder ../shared/data not found beside the project')
    .run(async ({ assert }) => {
      const report = await importDataset('drugs', sharedFile('farmaci-equivalenti.csv'))
      assert.isAbove(report.total, 7_000)
      assert.isBelow(report.skipped.length, 10)
      assert.isAbove(await count('drugs', { name_search: 'TORVAST' }), 0)
      const again = await importDataset('drugs', sharedFile('farmaci-equivalenti.csv'))
      assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
    })
    .timeout(120_000)
})
