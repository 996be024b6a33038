/*
| Brings a reference table in line with the rows of a new import: inserts new codes in
| batches, updates the ones that changed, and retires (valid_to = today) the ones that left
| the source, because patient records may still point to them.
*/
import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { Row, TableRows } from '#services/refdata/dataset'

// Small enough for SQLite's bound-variable limit and MariaDB's packet size alike.
const BATCH = 400

export interface TableChanges {
  table: string
  added: Row[]
  changed: Row[]
  retired: Row[]
}

/** Values as both databases return them: booleans as 0/1, dates as YYYY-MM-DD. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (value instanceof Date) return DateTime.fromJSDate(value).toISODate()!
  return String(value)
}

const keyOf = (row: Record<string, unknown>, columns: string[]) => columns.map((c) => comparable(row[c])).join('|')

/** What an import would change in a table (nothing is written). */
export async function diffTable(client: QueryClientContract, incoming: TableRows): Promise<TableChanges> {
  const existing = new Map<string, Record<string, unknown>>()
  const current = client.from(incoming.table).select('*')
  for (const [column, values] of Object.entries(incoming.scope ?? {})) current.whereIn(column, values)
  for (const row of await current) existing.set(keyOf(row, incoming.keyColumns), row)

  const changes: TableChanges = { table: incoming.table, added: [], changed: [], retired: [] }
  for (const row of incoming.rows) {
    const key = keyOf(row, incoming.keyColumns)
    const old = existing.get(key)
    if (!old) {
      changes.added.push(row)
      continue
    }
    existing.delete(key)
    if (Object.keys(row).some((column) => comparable(old[column]) !== comparable(row[column]))) changes.changed.push(row)
  }
  for (const old of existing.values()) {
    if (!old.valid_to) changes.retired.push(Object.fromEntries(incoming.keyColumns.map((c) => [c, old[c] as any])))
  }
  return changes
}

function whereKey(query: any, keyColumns: string[], row: Row) {
  for (const column of keyColumns) {
    if (row[column] === null) query.whereNull(column)
    else query.where(column, row[column])
  }
  return query
}

/** Writes the changes; `progress` gets the rows written so far. */
export async function applyTableChanges(
  trx: QueryClientContract,
  keyColumns: string[],
  changes: TableChanges,
  progress?: (written: number) => void
) {
  let written = 0
  for (let i = 0; i < changes.added.length; i += BATCH) {
    const batch = changes.added.slice(i, i + BATCH)
    await trx.table(changes.table).multiInsert(batch)
    written += batch.length
    progress?.(written)
  }
  for (const row of changes.changed) {
    await whereKey(trx.from(changes.table), keyColumns, row).update(row)
    progress?.(++written)
  }
  const today = DateTime.now().toISODate()
  for (const row of changes.retired) {
    await whereKey(trx.from(changes.table), keyColumns, row).update({ valid_to: today })
    progress?.(++written)
  }
}
