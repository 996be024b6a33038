/*
| Test helpers of the backups module: throw-away folders, small SQLite databases written
| by hand, and dedicated MariaDB schemas (studio_mg_h_*) when a server answers.
*/
import { randomBytes } from 'node:crypto'
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import type { MysqlConnection } from '../services/database_target.js'

/** A fresh folder under tmp/ and the function that removes it. */
export function scratchDir(label: string) {
  const dir = app.makePath('tmp', 'test-h-backups', `${label}-${randomBytes(4).toString('hex')}`)
  mkdirSync(dir, { recursive: true })
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A small studio-like SQLite database in WAL mode, as the live one is. */
export function makeSqlite(file: string, patients = 50) {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec(`
    create table patients (id integer primary key autoincrement, last_name varchar(80) not null, born date, weight real, notes text);
    create table problems (id integer primary key autoincrement, patient_id integer not null references patients(id) on delete cascade, description text not null, photo blob);
    create table settings (key varchar(100) primary key, value text);
  `)
  const patient = db.prepare('insert into patients (last_name, born, weight, notes) values (?, ?, ?, ?)')
  const problem = db.prepare('insert into problems (patient_id, description, photo) values (?, ?, ?)')
  db.transaction(() => {
    for (let i = 1; i <= patients; i++) {
      patient.run(`Rossi ${i}`, `19${50 + (i % 50)}-01-0${1 + (i % 9)}`, 60 + i / 10, i % 3 ? `nota "${i}"\ncon a capo; e 'apici'` : null)
      problem.run(i, `Ipertensione ${i}`, i % 5 === 0 ? Buffer.from([0, 1, 2, i % 256]) : null)
    }
    db.prepare('insert into settings (key, value) values (?, ?)').run('studio.name', 'Studio Bianchi')
  })()
  return db
}

export function count(db: any, table: string): number {
  return Number(db.prepare(`select count(*) as n from ${table}`).get().n)
}

export const mysqlServer = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
}

/** Creates (empty) the schema `name`; null when no MariaDB/MySQL answers. */
export async function freshMysqlDatabase(name: string): Promise<MysqlConnection | null> {
  try {
    const conn = await mysql.createConnection({ ...mysqlServer, connectTimeout: 3000 })
    await conn.query(`drop database if exists \`${name}\``)
    await conn.query(`create database \`${name}\` character set utf8mb4`)
    await conn.end()
    return { ...mysqlServer, database: name }
  } catch {
    return null
  }
}

export async function dropMysqlDatabase(name: string) {
  const conn = await mysql.createConnection(mysqlServer)
  await conn.query(`drop database if exists \`${name}\``)
  await conn.end()
}

export function mysqlEnv(database: string): Record<string, string> {
  return {
    DB_CONNECTION: 'mysql',
    MYSQL_HOST: mysqlServer.host,
    MYSQL_PORT: String(mysqlServer.port),
    MYSQL_USER: mysqlServer.user,
    // An empty value would fail the env validation: no password means no variable.
    ...(mysqlServer.password ? { MYSQL_PASSWORD: mysqlServer.password } : {}),
    MYSQL_DB_NAME: database,
  }
}

/** `node ace ...` in a child process with its own environment; never throws. */
export function ace(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolvePromise) => {
    const child = spawn(process.execPath, ['ace.js', ...args], {
      cwd: app.makePath(),
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }))
  })
}
