import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { enabledModules } from '#core/modules/module_registry'

/**
 * Core migrations first, then those of the enabled modules. File names carry a global
 * timestamp so that a module table may reference a core table.
 */
const migrationPaths = [
  'database/migrations',
  ...(await enabledModules()).flatMap((m) => (m.migrationsPath ? [m.migrationsPath] : [])),
]

/**
 * knex prepares every query again; a page runs the same dozen statements each time. SQLite
 * re-prepares a kept statement by itself after a schema change, and knex runs them with
 * all()/run() only (never an open iterator), so one statement per SQL text can be reused.
 */
function keepPreparedStatements(conn: { prepare: (sql: string) => unknown }) {
  const prepare = conn.prepare.bind(conn)
  const kept = new Map<string, unknown>()
  conn.prepare = (sql: string) => {
    let statement = kept.get(sql)
    if (!statement) {
      // Queries with many bound values (whereIn of a page of ids) vary: keep the set bounded.
      if (kept.size >= 500) kept.delete(kept.keys().next().value!)
      statement = prepare(sql)
      kept.set(sql, statement)
    }
    return statement
  }
}

const sqlitePath = app.makePath(env.get('SQLITE_PATH', 'tmp/studio.sqlite3'))
mkdirSync(dirname(sqlitePath), { recursive: true })

const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION', 'sqlite'),
  prettyPrintDebugQueries: false,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: sqlitePath,
      },
      useNullAsDefault: true,
      pool: {
        afterCreate: (conn: any, done: (err: Error | null, conn: any) => void) => {
          // WAL lets the page reads go on while a write (or a backup) runs.
          conn.pragma('journal_mode = WAL')
          // With WAL, NORMAL keeps the database consistent on a crash and spares an fsync per
          // commit (the audit log writes on every read of patient data).
          conn.pragma('synchronous = NORMAL')
          conn.pragma('foreign_keys = ON')
          conn.pragma('busy_timeout = 5000')
          keepPreparedStatements(conn)
          done(null, conn)
        },
      },
      migrations: { naturalSort: true, paths: migrationPaths },
      schemaGeneration: { enabled: false },
    },
    mysql: {
      client: 'mysql2',
      connection: {
        host: env.get('MYSQL_HOST', '127.0.0.1'),
        port: env.get('MYSQL_PORT', 3306),
        user: env.get('MYSQL_USER', 'root'),
        password: env.get('MYSQL_PASSWORD', ''),
        database: env.get('MYSQL_DB_NAME', 'studio_mg'),
        charset: 'utf8mb4',
        dateStrings: false,
        timezone: 'Z',
      },
      pool: { min: 1, max: 10 },
      migrations: { naturalSort: true, paths: migrationPaths },
      schemaGeneration: { enabled: false },
    },
  },
})

export default dbConfig
