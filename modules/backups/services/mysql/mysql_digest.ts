import type { MysqlConnection } from '../database_target.js'
import { TableDigest, type TableSummary } from '../table_digest.js'
import { beginSnapshot, connect, end, listTables, query, streamRows } from './mysql_connection.js'

/** Row counts and checksums of every table, read in one snapshot (as the export reads them). */
export async function digestMysql(target: MysqlConnection): Promise<TableSummary[]> {
  const connection = await connect(target)
  try {
    await beginSnapshot(connection)
    const summaries: TableSummary[] = []
    for (const table of await listTables(connection)) {
      const digest = new TableDigest(table.name)
      for await (const row of streamRows(connection, table)) digest.add(row)
      summaries.push(digest.summary())
    }
    await query(connection, 'COMMIT')
    return summaries
  } finally {
    await end(connection)
  }
}
