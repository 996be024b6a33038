/*
| Which database a backup reads and a restore writes, taken from config/database.ts: the
| SQLite file, or the MariaDB/MySQL server and schema. The engine talks to it directly
| (better-sqlite3, mysql2), not through Lucid, so that it can snapshot and replace it.
*/
import { isAbsolute, resolve } from 'node:path'
import app from '@adonisjs/core/services/app'

export interface MysqlConnection {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export type DatabaseTarget =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'mysql'; connection: MysqlConnection }

export function targetFromConfig(): DatabaseTarget {
  const config = app.config.get<any>('database')
  const name = config.connection as string
  const connection = config.connections[name]
  if (connection.client === 'better-sqlite3' || connection.client === 'sqlite3') {
    const file = String(connection.connection.filename)
    return { dialect: 'sqlite', file: isAbsolute(file) ? file : resolve(app.makePath(), file) }
  }
  if (connection.client === 'mysql2' || connection.client === 'mysql') {
    const c = connection.connection
    return {
      dialect: 'mysql',
      connection: {
        host: c.host ?? '127.0.0.1',
        port: Number(c.port ?? 3306),
        user: c.user ?? 'root',
        password: c.password ?? '',
        database: c.database,
      },
    }
  }
  throw new Error(`Backups support SQLite and MariaDB/MySQL, not "${connection.client}".`)
}

/** A short description for logs: never the password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `SQLite ${target.file}`
  const c = target.connection
  return `MariaDB/MySQL ${c.user}@${c.host}:${c.port}/${c.database}`
}
