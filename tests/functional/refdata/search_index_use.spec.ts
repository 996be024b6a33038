import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { drugsByAicQuery, drugsByIngredientQuery, drugsByNameQuery } from '#services/refdata/search_drugs'
import { catalogueByCodeQuery, catalogueByWordsQuery } from '#services/refdata/search_catalogue'
import { importDataset } from '#services/refdata/import_dataset'

const TABLES = /\b(drugs|drug_ingredients|catalogue_items)\b/

/**
 * The prescription pickers answer while the doctor types, on 160,000 AIFA packs and a
 * region's whole catalogue: every query must go through an index, never read a whole table.
 * Checked on the query plan of the database the suite runs on (SQLite or MariaDB).
 */
async function planOf(query: any) {
  const { sql, bindings } = query.toSQL()
  if (db.connection().dialect.name === 'mysql') {
    const [rows] = await db.rawQuery(`EXPLAIN ${sql}`, bindings as any[])
    return (rows as any[]).filter((r) => TABLES.test(r.table ?? '')).map((r) => `${r.type} ${r.key ?? 'NO INDEX'} (${r.table})`)
  }
  const rows = await db.rawQuery(`EXPLAIN QUERY PLAN ${sql}`, bindings as any[])
  return (rows as any[]).map((r) => String(r.detail)).filter((d) => TABLES.test(d))
}

// SQLite: SEARCH (an index lookup or range), never SCAN; MariaDB: access types that read only matching index entries.
const INDEXED = /^SEARCH (drugs|drug_ingredients|catalogue_items) USING|^(ref|range|const|eq_ref) \w+/

test.group('prescription picker query plans', (group) => {
  // Plans of empty tables say little (MariaDB reads an empty table whole): the curated seeds.
  group.each.setup(async () => {
    const rollback = await testUtils.db().withGlobalTransaction()
    await importDataset('drugs', null)
    await importDataset('catalogue', null)
    return rollback
  })

  const cases: [string, () => any][] = [
    ['drug name prefix', () => drugsByNameQuery('torv', 20)],
    ['drug active ingredient prefix', () => drugsByIngredientQuery('acido acet', 20)],
    ['whole AIC', () => drugsByAicQuery('033007042', 20)],
    ['AIC prefix', () => drugsByAicQuery('033007', 20)],
    ['catalogue national code prefix', () => catalogueByCodeQuery('lazio', '89.7', 'national_code', 20)],
    ['catalogue regional code prefix', () => catalogueByCodeQuery('lazio', 'LZ-ECO', 'regional_code', 20)],
    ['catalogue description words', () => catalogueByWordsQuery('lazio', 'ecografia addome', 20)],
  ]
  for (const [name, query] of cases) {
    test(`${name} is answered through an index`, async ({ assert }) => {
      const plan = await planOf(query())
      assert.isNotEmpty(plan)
      for (const step of plan) assert.match(step, INDEXED, `${name}: ${plan.join(' | ')}`)
    })
  }
})
