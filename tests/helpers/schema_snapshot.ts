/*
| A dialect-neutral picture of a migrated database: tables, columns (type family, length,
| nullability), indexes (columns, unique) and foreign keys. Used to prove that the
| migrations have the same effect on SQLite and on MariaDB/MySQL.
*/
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'

export interface ColumnShape {
  type: string
  nullable: boolean
}
export interface TableShape {
  columns: Record<string, ColumnShape>
  indexes: string[]
  foreignKeys: string[]
}
export type SchemaShape = Record<string, TableShape>

const IGNORED_TABLES = ['adonis_schema', 'adonis_schema_versions', 'sqlite_sequence']

/** Maps a declared column type to a family both databases agree on. */
export function typeFamily(raw: string): string {
  const t = raw.toLowerCase().trim()
  const len = t.match(/\((\d+)(?:,\s*(\d+))?\)/)
  if (t.startsWith('varchar') || t.startsWith('char')) return `string(${len?.[1]})`
  if (t.startsWith('tinyint(1)') || t === 'boolean') return 'boolean'
  if (t.startsWith('bigint')) return 'bigint'
  if (t.startsWith('int') || t.startsWith('integer') || t.startsWith('smallint') || t.startsWith('tinyint') || t.startsWith('mediumint'))
    return 'integer'
  if (t.startsWith('decimal') || t.startsWith('numeric') || t.startsWith('float') || t.startsWith('double')) return 'decimal'
  if (t.includes('text')) return 'text'
  if (t === 'date') return 'date'
  if (t.startsWith('datetime') || t.startsWith('timestamp')) return 'datetime'
  return t
}

function indexKey(columns: string[], unique: boolean) {
  return `${unique ? 'unique' : 'index'}(${columns.join(',')})`
}

export function sqliteSchema(file: string): SchemaShape {
  const db = new Database(file, { readonly: true })
  try {
    const shape: SchemaShape = {}
    const tables = db
      .prepare(`select name from sqlite_master where type = 'table' order by name`)
      .all() as { name: string }[]
    for (const { name } of tables) {
      if (IGNORED_TABLES.includes(name)) continue
      const columns: Record<string, ColumnShape> = {}
      const pk: string[] = []
      for (const c of db.prepare(`pragma table_info("${name}")`).all() as any[]) {
        // An INTEGER primary key is SQLite's 64-bit rowid: the same as MySQL's (big) auto-increment.
        const rowid = c.pk === 1 && String(c.type).toLowerCase() === 'integer'
        columns[c.name] = { type: rowid ? 'autoincrement' : typeFamily(c.type), nullable: c.notnull === 0 && c.pk === 0 }
        if (c.pk) pk.push(c.name)
      }
      const indexes = (db.prepare(`pragma index_list("${name}")`).all() as any[])
        .filter((i) => i.origin !== 'pk')
        .map((i) => {
          const cols = (db.prepare(`pragma index_info("${i.name}")`).all() as any[]).map((c) => c.name)
          return indexKey(cols, i.unique === 1)
        })
      const foreignKeys = (db.prepare(`pragma foreign_key_list("${name}")`).all() as any[]).map(
        (f) => `${f.from}->${f.table}.${f.to}`
      )
      shape[name] = { columns, indexes: [...indexes, `primary(${pk.join(',')})`].sort(), foreignKeys: foreignKeys.sort() }
    }
    return shape
  } finally {
    db.close()
  }
}

export async function mysqlSchema(connection: mysql.ConnectionOptions, database: string): Promise<SchemaShape> {
  const conn = await mysql.createConnection({ ...connection, database })
  try {
    const shape: SchemaShape = {}
    const [cols] = (await conn.query(
      `select table_name as t, column_name as c, column_type as type, is_nullable as n, column_key as k, extra as x
       from information_schema.columns where table_schema = ? order by table_name, ordinal_position`,
      [database]
    )) as any
    for (const col of cols) {
      if (IGNORED_TABLES.includes(col.t)) continue
      shape[col.t] ??= { columns: {}, indexes: [], foreignKeys: [] }
      const autoIncrement = String(col.x).includes('auto_increment')
      shape[col.t].columns[col.c] = { type: autoIncrement ? 'autoincrement' : typeFamily(col.type), nullable: col.n === 'YES' }
    }
    const [stats] = (await conn.query(
      `select table_name as t, index_name as i, non_unique as nu, column_name as c
       from information_schema.statistics where table_schema = ? order by table_name, index_name, seq_in_index`,
      [database]
    )) as any
    const byIndex = new Map<string, { table: string; unique: boolean; cols: string[]; primary: boolean }>()
    for (const s of stats) {
      if (IGNORED_TABLES.includes(s.t)) continue
      const key = `${s.t}.${s.i}`
      if (!byIndex.has(key)) byIndex.set(key, { table: s.t, unique: Number(s.nu) === 0, cols: [], primary: s.i === 'PRIMARY' })
      byIndex.get(key)!.cols.push(s.c)
    }
    const [fks] = (await conn.query(
      `select table_name as t, column_name as c, referenced_table_name as rt, referenced_column_name as rc
       from information_schema.key_column_usage where table_schema = ? and referenced_table_name is not null`,
      [database]
    )) as any
    const fkColumns = new Set<string>()
    for (const fk of fks) {
      if (IGNORED_TABLES.includes(fk.t)) continue
      shape[fk.t].foreignKeys.push(`${fk.c}->${fk.rt}.${fk.rc}`)
      fkColumns.add(`${fk.t}.${fk.c}`)
    }
    for (const index of byIndex.values()) {
      // MySQL adds an index for every foreign key column that has none; SQLite does not.
      const implicitFk =
        !index.unique && index.cols.length === 1 && fkColumns.has(`${index.table}.${index.cols[0]}`) &&
        /_foreign$/.test([...byIndex.entries()].find(([, v]) => v === index)![0])
      if (implicitFk) continue
      shape[index.table].indexes.push(index.primary ? `primary(${index.cols.join(',')})` : indexKey(index.cols, index.unique))
    }
    for (const table of Object.values(shape)) {
      table.indexes.sort()
      table.foreignKeys.sort()
    }
    return shape
  } finally {
    await conn.end()
  }
}
