import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { rmSync, writeFileSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import { ensureReferenceData, importDataset } from '#services/refdata/import_dataset'
import { fixture } from './support.js'

const count = async (table: string) => Number((await db.from(table).count('* as n'))[0].n)
const icd9 = (code: string) => db.from('icd9cm_diagnoses').where('code', code).first()

test.group('ICD9-CM import', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('loads the codes of the file and skips lines that are no code', async ({ assert }) => {
    const report = await importDataset('icd9cm', fixture('icd9cm.csv'))
    assert.equal(report.total, 50)
    assert.deepInclude(report, { added: 50, changed: 0, removed: 0, dryRun: false })
    assert.deepEqual(report.skipped.map((s) => s.reason), ['codice non valido «E»'])
    assert.equal(await count('icd9cm_diagnoses'), 50)
  })

  test('derives code without dot, level, parent, leaf flag, chapter and search text', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm.csv'))
    assert.deepInclude(await icd9('250.00'), { code_nodot: '25000', level: 5, parent_code: '250.0', chapter: '3' })
    assert.deepInclude(await icd9('250.0'), { level: 4, parent_code: '250' })
    assert.isFalse(Boolean((await icd9('250')).is_leaf))
    assert.isTrue(Boolean((await icd9('401.9')).is_leaf))
    assert.deepInclude(await icd9('401'), { level: 3, parent_code: null, chapter: '7' })
    // nearest ancestor in the file: 414.01 has no 414.0 nor 414 here
    assert.isNull((await icd9('414.01')).parent_code)
    assert.deepInclude(await icd9('487.1'), { parent_code: '487', chapter: '8' })
    assert.deepInclude(await icd9('V17.3'), { code_nodot: 'V173', parent_code: 'V17', chapter: 'V', level: 4 })
    assert.deepInclude(await icd9('E880.9'), { code_nodot: 'E8809', parent_code: 'E880', chapter: 'E', level: 4 })
    assert.include((await icd9('250.00')).search_text, 'DIABETE MELLITO TIPO II')
  })

  test('the "@" of the HL7 export becomes À; the search text has no accents', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm.csv'))
    const row = await icd9('278.00')
    assert.equal(row.description, 'OBESITÀ NON SPECIFICATA')
    assert.equal(row.search_text, '278.00 27800 OBESITA NON SPECIFICATA')
  })

  test('a quoted cell may hold the separator', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm.csv'))
    assert.equal((await icd9('799.9')).description, "ALTRE CAUSE SCONOSCIUTE E NON SPECIFICATE DI MORBOSITA' O MORTALITA'; NAS")
  })

  test('records the dataset with version, licence, attribution, row count and hash', async ({ assert }) => {
    const report = await importDataset('icd9cm', fixture('icd9cm.csv'))
    const dataset = await db.from('reference_datasets').where('key', 'icd9cm').first()
    assert.equal(dataset.version, report.version)
    assert.equal(dataset.row_count, 50)
    assert.match(dataset.sha256, /^[0-9a-f]{64}$/)
    assert.include(dataset.attribution, 'Ministero della Salute')
    assert.include(dataset.licence, 'CC BY-SA 4.0')
    assert.isNotNull(dataset.applied_at)
  })

  test('importing the same file again changes nothing', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm.csv'))
    const again = await importDataset('icd9cm', fixture('icd9cm.csv'))
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
    assert.equal(await count('icd9cm_diagnoses'), 50)
    assert.equal(await count('reference_datasets'), 1)
  })

  test('a new version adds, changes, and retires the codes that left it without deleting them', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm.csv'))
    const report = await importDataset('icd9cm', fixture('icd9cm_update.csv'))
    // 10 codes in the update: 250.02 is new, 401.9 has a new description, 41 codes are gone
    assert.deepInclude(report, { added: 1, changed: 1, removed: 41, total: 10 })
    assert.equal(await count('icd9cm_diagnoses'), 51)
    assert.equal((await icd9('401.9')).description, 'IPERTENSIONE ARTERIOSA ESSENZIALE, NON SPECIFICATA')
    const retired = await icd9('487.1')
    assert.equal(String(retired.valid_to instanceof Date ? DateTime.fromJSDate(retired.valid_to).toISODate() : retired.valid_to).slice(0, 10), DateTime.now().toISODate())
    assert.isNull((await icd9('250.00')).valid_to)
    // and a code that comes back is valid again
    const back = await importDataset('icd9cm', fixture('icd9cm.csv'))
    assert.deepInclude(back, { added: 0, removed: 1 })
    assert.isNull((await icd9('487.1')).valid_to)
  })

  test('a dry run reports the changes and writes nothing', async ({ assert }) => {
    const report = await importDataset('icd9cm', fixture('icd9cm.csv'), { dryRun: true })
    assert.deepInclude(report, { added: 50, dryRun: true })
    assert.equal(await count('icd9cm_diagnoses'), 0)
    assert.equal(await count('reference_datasets'), 0)
  })

  test('a failure while writing leaves the previous version untouched', async ({ assert }) => {
    await importDataset('icd9cm', fixture('icd9cm_update.csv'))
    await assert.rejects(() =>
      importDataset('icd9cm', fixture('icd9cm.csv'), {
        progress: (step, done) => {
          if (step === 'write' && done > 0) throw new Error('disco pieno')
        },
      })
    )
    assert.equal(await count('icd9cm_diagnoses'), 10)
    assert.isNull(await icd9('487.1'))
    assert.equal((await db.from('reference_datasets').where('key', 'icd9cm').first()).row_count, 10)
  })

  test('a file without the expected columns is refused before anything is written', async ({ assert, cleanup }) => {
    const file = app.makePath('tmp', `test-a-bad-${process.pid}.csv`)
    cleanup(() => rmSync(file, { force: true }))
    writeFileSync(file, 'code,label\n401.9,IPERTENSIONE\n')
    await assert.rejects(() => importDataset('icd9cm', file), /Intestazione non riconosciuta/)
    writeFileSync(file, 'codice;descrizione\nE;CAPITOLO\nXYZ;NIENTE\n')
    await assert.rejects(() => importDataset('icd9cm', file), /Nessuna riga valida/)
    assert.equal(await count('icd9cm_diagnoses'), 0)
  })
})

test.group('ASL import', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('reads a Windows-1252 file, splits the code, skips bad lines with the reason', async ({ assert }) => {
    const report = await importDataset('asl', fixture('asl_windows1252.csv'))
    assert.deepInclude(report, { added: 5, total: 5 })
    assert.deepEqual(report.skipped, [
      { line: 7, reason: 'codice ASL non valido «12345» (servono 6 cifre)' },
      { line: 8, reason: 'la regione 120 non corrisponde al codice 030326' },
    ])
    const milano = await db.from('asl').where('code6', '030321').first()
    assert.deepInclude(milano, {
      region_ministry_code: '030',
      asl_code: '321',
      name: 'ATS DELLA CITTÀ METROPOLITANA DI MILANO',
      short_name: 'ATS DELLA CITTÀ METROPOLITANA DI MILANO',
      province_istat: '015',
      seat_istat_comune: '015146',
    })
  })

  test('the curated seed covers three regions with full names', async ({ assert }) => {
    const report = await importDataset('asl', null)
    assert.equal(report.total, 30)
    const regions = await db.from('asl').distinct('region_ministry_code').orderBy('region_ministry_code')
    assert.deepEqual(regions.map((r: any) => r.region_ministry_code), ['010', '030', '120'])
    assert.deepInclude(await db.from('asl').where('code6', '120201').first(), { name: 'ASL Roma 1', short_name: 'ROMA 1' })
  })
})

test.group('comuni import', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('from a CSV: comuni with dates (suppressed ones included) and foreign states', async ({ assert }) => {
    const report = await importDataset('comuni', fixture('comuni.csv'))
    assert.deepInclude(report, { added: 34, total: 34 })
    assert.deepEqual(report.skipped, [{ line: 34, reason: 'codice catastale non valido «H50»' }])
    assert.equal(await count('comuni'), 32)
    assert.equal(await count('foreign_states'), 2)
    const abbadia = await db.from('comuni').where('cadastral_code', 'A002').first()
    const day = (v: any) => (v instanceof Date ? DateTime.fromJSDate(v).toISODate() : String(v).slice(0, 10))
    assert.equal(day(abbadia.valid_to), '1928-03-07')
    assert.equal(day(abbadia.valid_from), '1863-02-23')
    const roma = await db.from('comuni').where('cadastral_code', 'H501').first()
    assert.deepInclude(roma, { name: 'Roma', name_search: 'ROMA', province_sigla: 'RM', istat_code: '058091', valid_to: null })
    assert.equal((await db.from('comuni').where('cadastral_code', 'D704').first()).name_search, 'FORLI')
    assert.equal(day((await db.from('comuni').where('cadastral_code', 'E472').first()).valid_from), '1932-11-06')
    assert.deepInclude(await db.from('foreign_states').where('cadastral_code', 'Z404').first(), { name: "Stati Uniti d'America", iso3166: 'US', valid_to: null })
    const again = await importDataset('comuni', fixture('comuni.csv'))
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
  })

  test('without a file: every place of the embedded Belfiore dataset, idempotent', async ({ assert }) => {
    const report = await importDataset('comuni', null)
    assert.isAbove(report.total, 10_000)
    assert.isAbove(await count('comuni'), 9_500)
    assert.isAbove(await count('foreign_states'), 200)
    assert.isAbove(Number((await db.from('comuni').whereNotNull('valid_to').count('* as n'))[0].n), 1_000)
    assert.equal((await db.from('reference_datasets').where('key', 'comuni').first()).version, 'belfiore-embedded-1.2.1')
    const again = await importDataset('comuni', null)
    assert.deepInclude(again, { added: 0, changed: 0, removed: 0 })
  }).timeout(60_000)
})

test.group('ensureReferenceData', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('fills empty tables from the package and the curated seeds, and leaves filled ones alone', async ({ assert }) => {
    await importDataset('asl', fixture('asl_windows1252.csv'))
    const loaded: string[] = []
    const reports = await ensureReferenceData((key) => loaded.push(key))
    assert.deepEqual(loaded, ['comuni', 'icd9cm', 'drugs', 'catalogue'])
    assert.deepEqual(reports.map((r) => r.key), ['comuni', 'icd9cm', 'drugs', 'catalogue'])
    assert.isAbove(await count('comuni'), 9_500)
    assert.isAtLeast(await count('icd9cm_diagnoses'), 60)
    assert.deepInclude(await icd9('401.9'), { description: 'IPERTENSIONE ESSENZIALE NON SPECIFICATA' })
    assert.deepInclude(await icd9('250.00'), { parent_code: '250' })
    assert.equal(await count('asl'), 5)
    assert.deepEqual(await ensureReferenceData(), [])
  }).timeout(60_000)
})
