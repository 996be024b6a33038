/*
| Shared by the drugs and catalogue tests: the hand-written fixtures, the shared public data
| beside the project when it is there, and small readers of the tables.
*/
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'

export const fixture = (name: string) => join(app.makePath('tests/fixtures/refdata'), name)

/** The public CSVs kept beside the project (not in it); tests that read them skip without. */
export const SHARED_DATA = process.env.REFDATA_SHARED_DIR ?? app.makePath('../shared/data')
export const sharedFile = (name: string) => join(SHARED_DATA, name)
export const hasShared = (name: string) => existsSync(sharedFile(name))

export const count = async (table: string, where: Record<string, unknown> = {}) =>
  Number((await db.from(table).where(where).count('* as n'))[0].n)

export const drug = (aic: string) => db.from('drugs').where('aic', aic).first()

/** A DATE column as YYYY-MM-DD on both databases. */
export const day = (value: unknown) =>
  value === null || value === undefined ? null : value instanceof Date ? DateTime.fromJSDate(value).toISODate() : String(value).slice(0, 10)

export const today = () => DateTime.now().toISODate()
