/*
| Loads an export made by mysql_export.ts into the configured schema: every table of the
| schema dropped first (foreign-key checks off), then the dump's statements one by one.
| Called only after the archive has been verified.
*/
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { MysqlConnection } from '../database_target.js'
import { BackupError } from '../backup_error.js'
import { connect, end, query, quoteId } from './mysql_connection.js'
import { END_MARKER } from './mysql_export.js'

export async function importMysql(
  target: MysqlConnection,
  sqlFile: string,
  options: { onBytes?: (done: number, total: number) => void } = {}
) {
  const total = (await stat(sqlFile)).size
  const connection = await connect(target)
  try {
    await query(connection, 'SET FOREIGN_KEY_CHECKS = 0')
    await query(connection, "SET SESSION time_zone = '+00:00'")
    const existing = await query<any[]>(
      connection,
      `select table_name as name from information_schema.tables where table_schema = database() and table_type = 'BASE TABLE'`
    )
    for (const { name } of existing) await query(connection, `DROP TABLE IF EXISTS ${quoteId(name)}`)

    const input = createReadStream(sqlFile, { encoding: 'utf8', highWaterMark: 1024 * 1024 })
    let read = 0
    input.on('data', (chunk) => {
      read += Buffer.byteLength(chunk as string)
      options.onBytes?.(read, total)
    })
    let delimiter = ';'
    let statement: string[] = []
    let complete = false
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (statement.length === 0) {
        if (line === END_MARKER) complete = true
        if (line.trim() === '' || line.startsWith('--')) continue
        const change = line.match(/^DELIMITER\s+(\S+)\s*$/i)
        if (change) {
          delimiter = change[1]
          continue
        }
      }
      statement.push(line)
      if (line.endsWith(delimiter)) {
        const sql = statement.join('\n')
        await query(connection, sql.slice(0, sql.length - delimiter.length))
        statement = []
      }
    }
    if (!complete || statement.length) throw new BackupError('dump_truncated')
    await query(connection, 'SET FOREIGN_KEY_CHECKS = 1')
  } finally {
    await end(connection)
  }
}
