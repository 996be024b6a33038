/*
| A bundle (reference-data spec §7): gzip NDJSON. The first line is the header
| `{key, version, tables: [{name, key_columns, columns}], source, licence, attribution}`,
| then one JSON object per row; with more than one table a row names its own in `_table`.
*/
import { gunzipSync, gzipSync } from 'node:zlib'
import type { Row, TableRows } from '#services/refdata/dataset'
import { UpdateError } from './update_error.js'

export interface BundleTable {
  name: string
  key_columns: string[]
  columns: string[]
  /** The part of the table the rows replace (one region's catalogue); absent: the whole table. */
  scope?: Record<string, string[]>
}

export interface BundleHeader {
  key: string
  version: string
  tables: BundleTable[]
  source: string | null
  licence: string
  attribution: string
  /** SHA-256 of the source the builder read (provenance, recorded in reference_datasets). */
  source_sha256: string | null
  rows: number
}

export interface Bundle {
  header: BundleHeader
  tables: TableRows[]
}

// A decompressed bundle larger than this is refused rather than filling the memory.
const MAX_UNZIPPED = 1024 * 1024 * 1024

export function writeBundle(header: Omit<BundleHeader, 'tables' | 'rows'>, tables: TableRows[]): Buffer {
  const columns = (t: TableRows) => [...new Set(t.rows.flatMap((r) => Object.keys(r)))]
  const full: BundleHeader = {
    ...header,
    tables: tables.map((t) => ({ name: t.table, key_columns: t.keyColumns, columns: columns(t), ...(t.scope ? { scope: t.scope } : {}) })),
    rows: tables.reduce((n, t) => n + t.rows.length, 0),
  }
  const lines = [JSON.stringify(full)]
  const many = tables.length > 1
  for (const t of tables) {
    for (const row of t.rows) lines.push(JSON.stringify(many ? { _table: t.table, ...row } : row))
  }
  return gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 })
}

function bad(detail: string): never {
  throw new UpdateError('bad_bundle', { detail })
}

function validScope(scope: unknown): scope is Record<string, string[]> {
  return (
    Boolean(scope) &&
    typeof scope === 'object' &&
    !Array.isArray(scope) &&
    Object.values(scope as object).every((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'))
  )
}

function isScalar(value: unknown) {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}

export function readBundle(gz: Buffer): Bundle {
  let text: string
  try {
    text = gunzipSync(gz, { maxOutputLength: MAX_UNZIPPED }).toString('utf8')
  } catch {
    bad('non è un file gzip valido')
  }
  const lines = text.split('\n')
  let header: BundleHeader
  try {
    header = JSON.parse(lines[0])
  } catch {
    bad('intestazione illeggibile')
  }
  if (!header || typeof header.key !== 'string' || typeof header.version !== 'string' || !Array.isArray(header.tables) || !header.tables.length) {
    bad('intestazione incompleta')
  }
  const tables = new Map<string, TableRows & { columns: Set<string> }>()
  for (const t of header.tables) {
    if (typeof t?.name !== 'string' || !Array.isArray(t.key_columns) || !Array.isArray(t.columns)) bad('tabella descritta male')
    if (t.scope !== undefined && !validScope(t.scope)) bad('ambito della tabella descritto male')
    tables.set(t.name, { table: t.name, keyColumns: t.key_columns, scope: t.scope, rows: [], columns: new Set(t.columns) })
  }
  const first = header.tables[0].name
  let count = 0
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue
    let data: Record<string, unknown>
    try {
      data = JSON.parse(lines[i])
    } catch {
      bad(`riga ${i + 1} illeggibile`)
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) bad(`riga ${i + 1} non è un oggetto`)
    const { _table, ...values } = data
    const table = tables.get(typeof _table === 'string' ? _table : first)
    if (!table) bad(`riga ${i + 1}: tabella ${String(_table)} non dichiarata`)
    // Only the declared columns reach the database, and only plain values.
    const row: Row = {}
    for (const [column, value] of Object.entries(values)) {
      if (!table.columns.has(column)) bad(`riga ${i + 1}: colonna ${column} non dichiarata`)
      if (!isScalar(value)) bad(`riga ${i + 1}: valore non ammesso in ${column}`)
      row[column] = value as Row[string]
    }
    table.rows.push(row)
    count++
  }
  if (Number.isInteger(header.rows) && header.rows !== count) bad(`righe attese ${header.rows}, trovate ${count}`)
  return {
    header,
    tables: [...tables.values()].map(({ table, keyColumns, rows, scope }) => ({ table, keyColumns, rows, ...(scope ? { scope } : {}) })),
  }
}
