import { test } from '@japa/runner'
import { rmSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
import mysql from 'mysql2/promise'
import { aceInChild } from '#tests/helpers/child_app'
import { mysqlSchema, sqliteSchema } from '#tests/helpers/schema_snapshot'

const mysqlConnection = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  connectTimeout: 3000,
}
const PARITY_DB = 'studio_mg_parity'

async function mysqlAnswers() {
  try {
    const conn = await mysql.createConnection(mysqlConnection)
    await conn.query(`drop database if exists ${PARITY_DB}`)
    await conn.query(`create database ${PARITY_DB} character set utf8mb4`)
    await conn.end()
    return true
  } catch {
    return false
  }
}

test.group('migrations on SQLite and MariaDB', () => {
  test('produce the same tables, columns, indexes and foreign keys', async ({ assert }) => {
    if (!(await mysqlAnswers())) {
      console.log('  (no MariaDB/MySQL answered: schema parity checked only when one does)')
      return
    }
    const sqliteFile = 'tmp/test-parity.sqlite3'
    rmSync(app.makePath(sqliteFile), { force: true })
    await aceInChild(['migration:run', '--force'], { DB_CONNECTION: 'sqlite', SQLITE_PATH: sqliteFile })
    await aceInChild(['migration:run', '--force'], {
      DB_CONNECTION: 'mysql',
      MYSQL_DB_NAME: PARITY_DB,
      MYSQL_HOST: mysqlConnection.host,
      MYSQL_PORT: String(mysqlConnection.port),
      MYSQL_USER: mysqlConnection.user,
    })

    const onSqlite = sqliteSchema(app.makePath(sqliteFile))
    const onMysql = await mysqlSchema(mysqlConnection, PARITY_DB)

    assert.isAbove(Object.keys(onSqlite).length, 20)
    assert.deepEqual(Object.keys(onMysql).sort(), Object.keys(onSqlite).sort())
    for (const table of Object.keys(onSqlite)) {
      assert.deepEqual(onMysql[table].columns, onSqlite[table].columns, `columns of ${table}`)
      assert.deepEqual(onMysql[table].indexes, onSqlite[table].indexes, `indexes of ${table}`)
      assert.deepEqual(onMysql[table].foreignKeys, onSqlite[table].foreignKeys, `foreign keys of ${table}`)
    }
  }).timeout(120_000)
})
