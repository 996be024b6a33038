import { test } from '@japa/runner'
import { TableDigest, compareSummaries } from '../../services/table_digest.js'

function digestOf(name: string, rows: unknown[][]) {
  const digest = new TableDigest(name)
  for (const row of rows) digest.add(row)
  return digest.summary()
}

test.group('table digests', () => {
  test('the same rows give the same checksum whatever the driver’s value types', ({ assert }) => {
    const fromSqlite = digestOf('t', [[1n, 'Rossi', null, Buffer.from([1, 2])]])
    const fromMysql = digestOf('t', [['1', 'Rossi', null, Buffer.from([1, 2])]])
    assert.equal(fromSqlite.checksum, fromMysql.checksum)
    assert.equal(fromSqlite.rows, 1)
  })

  test('a changed value, a null instead of text or another order changes the checksum', ({ assert }) => {
    const base = digestOf('t', [[1, 'a'], [2, 'b']])
    assert.notEqual(digestOf('t', [[1, 'a'], [2, 'c']]).checksum, base.checksum)
    assert.notEqual(digestOf('t', [[1, 'a'], [2, null]]).checksum, base.checksum)
    assert.notEqual(digestOf('t', [[2, 'b'], [1, 'a']]).checksum, base.checksum)
  })

  test('comparison names the tables that differ, are missing or are extra', ({ assert }) => {
    const a = digestOf('a', [[1]])
    const b = digestOf('b', [[1]])
    const changedB = digestOf('b', [[2]])
    const c = digestOf('c', [])
    assert.deepEqual(compareSummaries([a, b], [a, b]), [])
    assert.deepEqual(compareSummaries([a, b], [a, changedB, c]), ['b: checksum differs', 'c: not in the backup'])
    assert.deepEqual(compareSummaries([a, b], [a]), ['b: missing'])
    assert.deepEqual(compareSummaries([a], [digestOf('a', [[1], [2]])]), ['a: 2 rows, expected 1'])
  })
})
