/*
| A consistent export of a MariaDB/MySQL schema written in Node, no binary needed: one
| REPEATABLE READ transaction (the same snapshot `mysqldump --single-transaction` takes),
| rows streamed in primary-key order as multi-row INSERTs. The output loads with the
| `mysql` client too; our own loader reads it statement by statement.
*/
import type { Connection } from 'mysql2'
import type { MysqlConnection } from '../database_target.js'
import type { MigrationState } from '../manifest.js'
import { TableDigest, type TableSummary } from '../table_digest.js'
import { beginSnapshot, connect, escapeValue, listTables, query, quoteId, streamRows, type TableInfo } from './mysql_connection.js'

// One INSERT statement stays well under max_allowed_packet (16 MB by default).
const BATCH_BYTES = 1024 * 1024
export const END_MARKER = '-- end of Studio MG export'

export interface MysqlExport {
  migrations: MigrationState
  /** The SQL text; consume it once. */
  chunks: AsyncGenerator<Buffer>
  /** Complete once `chunks` is exhausted. */
  tables: TableSummary[]
}

async function migrationState(connection: Connection, tables: TableInfo[]): Promise<MigrationState> {
  if (!tables.some((t) => t.name === 'adonis_schema')) return { batch: 0, names: [] }
  const rows = await query<any[]>(connection, 'SELECT name, batch FROM adonis_schema ORDER BY id')
  return { batch: Math.max(0, ...rows.map((r) => Number(r.batch))), names: rows.map((r) => String(r.name)) }
}

async function createStatement(connection: Connection, table: string) {
  const [row] = await query<any[]>(connection, `SHOW CREATE TABLE ${quoteId(table)}`)
  return `${row['Create Table']};`
}

/** Triggers, without DEFINER (the restoring user becomes the definer). */
async function triggerStatements(connection: Connection): Promise<string[]> {
  const triggers = await query<any[]>(connection, 'SHOW TRIGGERS')
  return triggers.map(
    (t) =>
      `CREATE TRIGGER ${quoteId(t.Trigger)} ${t.Timing} ${t.Event} ON ${quoteId(t.Table)} FOR EACH ROW ${String(t.Statement).trim()} ;;`
  )
}

export async function exportMysql(
  target: MysqlConnection,
  options: { onRows?: (done: number, estimated: number) => void; signal?: AbortSignal } = {}
): Promise<MysqlExport> {
  const connection = await connect(target)
  let tables: TableInfo[]
  let migrations: MigrationState
  try {
    await beginSnapshot(connection)
    tables = await listTables(connection)
    migrations = await migrationState(connection, tables)
  } catch (error) {
    connection.destroy()
    throw error
  }
  const summaries: TableSummary[] = []
  const estimated = tables.reduce((sum, t) => sum + t.estimatedRows, 0)

  async function* chunks(): AsyncGenerator<Buffer> {
    let done = 0
    try {
      yield Buffer.from(
        [
          `-- Studio MG export of ${target.database}, ${new Date().toISOString()}`,
          'SET NAMES utf8mb4;',
          "SET time_zone = '+00:00';",
          'SET FOREIGN_KEY_CHECKS = 0;',
          'SET UNIQUE_CHECKS = 0;',
          "SET SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';",
          '',
        ].join('\n')
      )
      for (const table of tables) {
        const name = quoteId(table.name)
        yield Buffer.from(
          `-- table: ${table.name}\nDROP TABLE IF EXISTS ${name};\n${await createStatement(connection, table.name)}\nSTART TRANSACTION;\n`
        )
        const head = `INSERT INTO ${name} (${table.columns.map(quoteId).join(', ')}) VALUES `
        const digest = new TableDigest(table.name)
        let batch: string[] = []
        let batchBytes = 0
        for await (const row of streamRows(connection, table)) {
          if (options.signal?.aborted) throw options.signal.reason
          digest.add(row)
          const values = `(${row.map(escapeValue).join(',')})`
          batch.push(values)
          batchBytes += values.length + 1
          if (batchBytes >= BATCH_BYTES) {
            yield Buffer.from(`${head}${batch.join(',')};\n`)
            batch = []
            batchBytes = 0
          }
          if (++done % 1000 === 0) options.onRows?.(done, Math.max(estimated, done))
        }
        if (batch.length) yield Buffer.from(`${head}${batch.join(',')};\n`)
        yield Buffer.from('COMMIT;\n')
        summaries.push(digest.summary())
        options.onRows?.(done, Math.max(estimated, done))
      }
      const triggers = await triggerStatements(connection)
      if (triggers.length) yield Buffer.from(['-- triggers', 'DELIMITER ;;', ...triggers, 'DELIMITER ;', ''].join('\n'))
      yield Buffer.from(['SET FOREIGN_KEY_CHECKS = 1;', 'SET UNIQUE_CHECKS = 1;', END_MARKER, ''].join('\n'))
      await query(connection, 'COMMIT')
    } finally {
      // Also on abort: a half-read result cannot be left on the connection.
      connection.destroy()
    }
  }

  return { migrations, chunks: chunks(), tables: summaries }
}
