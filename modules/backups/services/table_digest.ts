/*
| Row counts and checksums of a table, computed the same way on the live database, on the
| backup's snapshot and after a restore: rows in primary-key order, each value in a canonical
| text form. Equal digests mean equal data.
*/
import { createHash, type Hash } from 'node:crypto'

export interface TableSummary {
  name: string
  rows: number
  checksum: string
}

/** null, numbers, bigints, text and bytes, as both drivers return them, in one text form. */
export function canonicalValue(value: unknown): string | null {
  if (value === null || value === undefined) return null
  if (Buffer.isBuffer(value)) return `x:${value.toString('hex')}`
  if (value instanceof Uint8Array) return `x:${Buffer.from(value).toString('hex')}`
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

export class TableDigest {
  #hash: Hash = createHash('sha256')
  rows = 0

  constructor(readonly name: string) {}

  add(row: unknown[]) {
    this.rows++
    this.#hash.update(JSON.stringify(row.map(canonicalValue)))
    this.#hash.update('\n')
  }

  summary(): TableSummary {
    return { name: this.name, rows: this.rows, checksum: this.#hash.copy().digest('hex') }
  }
}

/** The tables of `actual` that differ from `expected` (missing, extra, other rows or data). */
export function compareSummaries(expected: TableSummary[], actual: TableSummary[]): string[] {
  const byName = new Map(actual.map((t) => [t.name, t]))
  const differences: string[] = []
  for (const table of expected) {
    const found = byName.get(table.name)
    if (!found) differences.push(`${table.name}: missing`)
    else if (found.rows !== table.rows) differences.push(`${table.name}: ${found.rows} rows, expected ${table.rows}`)
    else if (found.checksum !== table.checksum) differences.push(`${table.name}: checksum differs`)
    byName.delete(table.name)
  }
  for (const name of byName.keys()) differences.push(`${name}: not in the backup`)
  return differences
}
