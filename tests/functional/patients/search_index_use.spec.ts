import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { parsePatientQuery } from '#services/patients/parse_patient_query'
import { patientSearchQuery } from '#services/patients/search_patients'

/**
 * The registry must stay fast on 100,000 patients: every kind of search has to be answered
 * through an index, never by reading the whole patients table. Checked on the query plan of
 * the database the suite runs on (SQLite or MariaDB).
 */
async function planOf(q: string, scope: 'active' | 'all') {
  const { sql, bindings } = patientSearchQuery(parsePatientQuery(q), { scope, limit: 51 }).toSQL()
  if (db.connection().dialect.name === 'mysql') {
    const [rows] = await db.rawQuery(`EXPLAIN ${sql}`, bindings as any[])
    // A unique-key lookup that finds nothing is resolved while planning ("no matching row in
    // const table"): that is the cheapest plan there is.
    return (rows as any[])
      .filter((r) => r.table === 'patients' || (r.table === null && /const table/.test(r.Extra ?? '')))
      .map((r) => (r.table ? `${r.type} ${r.key ?? 'NO INDEX'}` : 'const fiscal_code'))
  }
  const rows = await db.rawQuery(`EXPLAIN QUERY PLAN ${sql}`, bindings as any[])
  return (rows as any[]).map((r) => String(r.detail)).filter((d) => /\bpatients\b/.test(d))
}

test.group('patient search query plans', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const q of ['ros', 'rossi ma', 'R.M.', 'RSSMRA80A01H501U', 'RSSMRA80', 'rossi 1980', '1980']) {
    for (const scope of ['active', 'all'] as const) {
      test(`"${q}" (${scope}) is answered through an index`, async ({ assert }) => {
        const plan = await planOf(q, scope)
        assert.isNotEmpty(plan)
        // SQLite: SEARCH (a range or equality lookup), never SCAN (reading the whole table or
        // index); MariaDB: an access type that reads only matching index entries.
        for (const step of plan) assert.match(step, /^SEARCH patients USING|^(ref|range|const|eq_ref) \w+/, `${q}: ${plan.join(' | ')}`)
      })
    }
  }
})
