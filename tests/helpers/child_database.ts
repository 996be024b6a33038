/*
| A migrated SQLite file of its own for tests that run ace commands in child processes: the
| env to give the children, and a read-only look at what they wrote.
*/
import { rmSync } from 'node:fs'
import app from '@adonisjs/core/services/app'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import { aceInChild } from '#tests/helpers/child_app'

export function childDatabase(name: string) {
  const file = `tmp/test-${name}-${process.pid}.sqlite3`
  const env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: file }
  const clean = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(app.makePath(file + suffix), { force: true })
  }
  return {
    env,
    /** For group.setup: a fresh migrated file, removed after the group. */
    async setup() {
      clean()
      await aceInChild(['migration:run', '--force'], env)
      return clean
    },
    rows(sql: string) {
      const db = new Database(app.makePath(file), { readonly: true })
      try {
        return db.prepare(sql).all()
      } finally {
        db.close()
      }
    },
  }
}
