// Creates (fresh) the studio_mg_test database when a MariaDB/MySQL server answers; exit 1 when none does.
import mysql from 'mysql2/promise'

const config = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  connectTimeout: 3000,
}
try {
  const conn = await mysql.createConnection(config)
  const name = process.env.MYSQL_TEST_DB ?? 'studio_mg_test'
  await conn.query(`DROP DATABASE IF EXISTS \`${name}\``)
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  await conn.end()
} catch (error) {
  if (process.env.DEBUG) console.error(error)
  process.exit(1)
}
