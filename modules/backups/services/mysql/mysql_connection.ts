/*
| The engine's own MariaDB/MySQL connections: values as exact text (dates, decimals, big
| integers), UTC session, so that what is read, dumped and read back again compares equal.
*/
import mysql, { type Connection } from 'mysql2'
import type { MysqlConnection } from '../database_target.js'

export function connect(target: MysqlConnection): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const connection = mysql.createConnection({
      ...target,
      charset: 'utf8mb4',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
      connectTimeout: 10_000,
    })
    connection.connect((error) => (error ? reject(error) : resolve(connection)))
  })
}

export function query<T = any>(connection: Connection, sql: string, values: unknown[] = []): Promise<T> {
  return new Promise((resolve, reject) =>
    connection.query(sql, values, (error, rows) => (error ? reject(error) : resolve(rows as T)))
  )
}

export function end(connection: Connection): Promise<void> {
  return new Promise((resolve) => connection.end(() => resolve()))
}

export const quoteId = (name: string) => mysql.escapeId(name)
export const escapeValue = (value: unknown) => mysql.escape(value as any)

export interface TableInfo {
  name: string
  /** Columns that hold data (generated columns are recomputed, never dumped). */
  columns: string[]
  orderBy: string[]
  estimatedRows: number
}

/** Base tables of the schema with their columns and primary key, in name order. */
export async function listTables(connection: Connection): Promise<TableInfo[]> {
  const tables = await query<any[]>(
    connection,
    `select table_name as name, table_rows as estimated from information_schema.tables
     where table_schema = database() and table_type = 'BASE TABLE' order by table_name`
  )
  const columns = await query<any[]>(
    connection,
    `select table_name as t, column_name as c, column_key as k, extra as x
     from information_schema.columns where table_schema = database() order by table_name, ordinal_position`
  )
  const keys = await query<any[]>(
    connection,
    `select table_name as t, column_name as c from information_schema.key_column_usage
     where table_schema = database() and constraint_name = 'PRIMARY' order by table_name, ordinal_position`
  )
  return tables.map((t) => {
    const data = columns.filter((c) => c.t === t.name && !/GENERATED|VIRTUAL|PERSISTENT|STORED/i.test(c.x ?? ''))
    const pk = keys.filter((k) => k.t === t.name).map((k) => k.c as string)
    return {
      name: t.name,
      columns: data.map((c) => c.c as string),
      orderBy: pk.length ? pk : data.map((c) => c.c as string),
      estimatedRows: Number(t.estimated ?? 0),
    }
  })
}

/** Starts the read transaction every table of a dump or digest is read in. */
export async function beginSnapshot(connection: Connection) {
  await query(connection, "SET SESSION time_zone = '+00:00'")
  await query(connection, 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ')
  await query(connection, 'START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY')
}

export function selectAll(table: TableInfo) {
  return `SELECT ${table.columns.map(quoteId).join(', ')} FROM ${quoteId(table.name)} ORDER BY ${table.orderBy.map(quoteId).join(', ')}`
}

/** Streams a table's rows (arrays of values) without loading them. */
export async function* streamRows(connection: Connection, table: TableInfo): AsyncGenerator<unknown[]> {
  const stream = connection.query({ sql: selectAll(table), rowsAsArray: true }).stream({ highWaterMark: 500 })
  for await (const row of stream) yield row as unknown[]
}
