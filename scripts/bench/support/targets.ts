/*
| The databases a benchmark runs against: a SQLite file under tmp/bench/ and, when a server
| answers, a MariaDB/MySQL database, each migrated and seeded with the demo studio once and
| then reused.
*/
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import mysql from 'mysql2/promise'

export interface Target {
  name: string
  env: Record<string, string>
}

export const root = new URL('../../../', import.meta.url).pathname
export const node = process.execPath

export function ace(args: string[], env: Record<string, string>) {
  execFileSync(node, ['ace.js', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' })
}

export function mysqlSettings() {
  return {
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
  }
}

/** `file` is relative to the project root, e.g. tmp/bench/bench-v1-100000.sqlite3. */
export async function prepareSqlite(file: string, patients: number): Promise<Target> {
  mkdirSync(`${root}tmp/bench`, { recursive: true })
  const env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: file }
  if (!existsSync(`${root}${file}`)) {
    const started = Date.now()
    ace(['migration:run', '--force'], env)
    ace(['demo:seed', `--patients=${patients}`], env)
    console.log(`  SQLite seeded with ${patients} patients in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } else {
    // A database kept from an earlier run gets the migrations added since.
    ace(['migration:run', '--force'], env)
  }
  return { name: 'SQLite', env }
}

/** Null when no server answers. */
export async function prepareMysql(database: string, patients: number): Promise<Target | null> {
  const conn = mysqlSettings()
  let client
  try {
    client = await mysql.createConnection({ ...conn, connectTimeout: 3000 })
  } catch {
    console.log('  MariaDB/MySQL: no server answered, skipped')
    return null
  }
  const [rows] = (await client.query('select count(*) as n from information_schema.tables where table_schema = ? and table_name = ?', [database, 'patients'])) as any
  let ready = rows[0].n > 0
  if (ready) {
    const [[count]] = (await client.query(`select count(*) as n from \`${database}\`.patients`)) as any
    ready = Number(count.n) >= patients
  }
  const env = { DB_CONNECTION: 'mysql', MYSQL_DB_NAME: database, MYSQL_HOST: conn.host, MYSQL_PORT: String(conn.port), MYSQL_USER: conn.user }
  if (!ready) {
    await client.query(`drop database if exists \`${database}\``)
    await client.query(`create database \`${database}\` character set utf8mb4 collate utf8mb4_unicode_ci`)
    const started = Date.now()
    ace(['migration:run', '--force'], env)
    ace(['demo:seed', `--patients=${patients}`], env)
    console.log(`  MariaDB seeded with ${patients} patients in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } else {
    ace(['migration:run', '--force'], env)
  }
  await client.end()
  return { name: 'MariaDB', env }
}
