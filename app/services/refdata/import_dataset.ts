/*
| Reference-data importers: one code path for the first install, live update and tests.
| Each import runs in one transaction, upserts by code, marks codes that disappeared with
| valid_to (records may point to them) and writes a row in reference_datasets.
*/
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import app from '@adonisjs/core/services/app'
import { readSemicolonCsv } from '#services/refdata/csv'
import { searchKey } from '#services/patients/search_key'

export type DatasetKey = 'comuni' | 'icd9cm' | 'asl'
export const DATASET_KEYS: DatasetKey[] = ['comuni', 'icd9cm', 'asl']

export interface ImportReport {
  key: DatasetKey
  added: number
  changed: number
  removed: number
  total: number
  dryRun: boolean
}

type Progress = (done: number, total: number) => void

const today = () => DateTime.now().toISODate()!

/** Rows the importers write, keyed by their code. */
interface Loaded {
  table: string
  keyColumn: string
  rows: Record<string, any>[]
  version: string
  sourceUrl: string | null
  licence: string
  attribution: string
  sha256: string
}

async function loadComuni(): Promise<Loaded> {
  const { belfioreConnector } = await import('@marketto/belfiore-connector-embedded')
  const places = (await belfioreConnector.toArray()) as any[]
  const asDate = (d: Date | undefined) =>
    !d || d.getUTCFullYear() >= 9999 ? null : DateTime.fromJSDate(d).toUTC().toISODate()
  const rows = places
    .filter((p) => !p.belfioreCode.startsWith('Z'))
    .map((p) => ({
      cadastral_code: p.belfioreCode,
      istat_code: null,
      name: p.name,
      name_search: searchKey(p.name),
      province_sigla: p.province ?? null,
      region_code: null,
      valid_from: asDate(p.creationDate),
      valid_to: asDate(p.expirationDate),
    }))
  const states = places
    .filter((p) => p.belfioreCode.startsWith('Z'))
    .map((p) => ({ cadastral_code: p.belfioreCode, name: p.name, iso3166: (p.iso3166 ?? '').trim() || null, valid_to: asDate(p.expirationDate) }))
  return {
    table: 'comuni',
    keyColumn: 'cadastral_code',
    rows: [...rows, ...states.map((s) => ({ __foreign: true, ...s }))],
    version: 'belfiore-embedded-1.2',
    sourceUrl: 'https://www.npmjs.com/package/@marketto/belfiore-connector-embedded',
    licence: 'CC BY 4.0 (ANPR, Agenzia delle Entrate), CC BY 3.0 (ISTAT)',
    attribution: "Ministero dell'Interno (ANPR), Agenzia delle Entrate, ISTAT",
    sha256: createHash('sha256').update(JSON.stringify(places.length)).digest('hex'),
  }
}

function icd9Row(code: string, description: string) {
  const nodot = code.replace('.', '')
  const [head, tail = ''] = code.split('.')
  const level = tail.length === 0 ? 3 : tail.length === 1 ? 4 : 5
  const parent = level === 3 ? null : level === 4 ? head : `${head}.${tail[0]}`
  return {
    code,
    code_nodot: nodot,
    description: description.slice(0, 300),
    level,
    parent_code: parent,
    is_leaf: true,
    search_text: `${code} ${description}`
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .slice(0, 300),
    valid_to: null,
  }
}

function loadIcd9(file: string): Loaded {
  const rows = readSemicolonCsv(file)
    .filter((r) => /^E?[V0-9][0-9]{1,2}(\.[0-9]{0,2})?$/.test(r.codice ?? r.code ?? ''))
    .map((r) => icd9Row(r.codice ?? r.code, r.descrizione ?? r.description))
  const parents = new Set(rows.map((r) => r.parent_code).filter(Boolean))
  for (const r of rows) r.is_leaf = !parents.has(r.code)
  return {
    table: 'icd9cm_diagnoses',
    keyColumn: 'code',
    rows,
    version: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12),
    sourceUrl: null,
    licence: 'CC BY-SA 4.0 (HL7 Italia); classificazione © Ministero della Salute',
    attribution: 'ICD-9-CM versione italiana 2007, Ministero della Salute; HL7 Italia',
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
  }
}

function loadAsl(file: string): Loaded {
  const rows = readSemicolonCsv(file)
    .filter((r) => /^\d{6}$/.test(r.codice))
    .map((r) => ({
      code6: r.codice,
      region_ministry_code: r.codice.slice(0, 3),
      asl_code: r.codice.slice(3),
      name: r.sigla || r.codice,
      province_istat: r.provincia || null,
      valid_from: null,
      valid_to: null,
    }))
  return {
    table: 'asl',
    keyColumn: 'code6',
    rows,
    version: createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12),
    sourceUrl: null,
    licence: 'CC BY-SA 4.0 (HL7 Italia CS_ASL); Ministero della Salute',
    attribution: 'Ministero della Salute, anagrafica delle strutture (FLS.11); HL7 Italia',
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
  }
}

/** The project's curated seed file for a dataset (used when no file is given). */
export function seedFile(key: DatasetKey): string | null {
  if (key === 'icd9cm') return app.makePath('database/seeds/icd9cm.csv')
  if (key === 'asl') return app.makePath('database/seeds/asl.csv')
  return null
}

/** Values as both databases return them: booleans as 0/1, dates as YYYY-MM-DD. */
function comparable(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (value instanceof Date) return DateTime.fromJSDate(value).toISODate()!
  return String(value)
}

async function upsert(trx: TransactionClientContract, table: string, keyColumn: string, rows: any[], progress?: Progress) {
  const existing = new Map<string, any>()
  for (const row of await trx.from(table).select('*')) existing.set(String(row[keyColumn]), row)
  let added = 0
  let changed = 0
  const fresh: any[] = []
  let done = 0
  for (const row of rows) {
    const old = existing.get(String(row[keyColumn]))
    if (!old) {
      fresh.push(row)
      added++
    } else {
      existing.delete(String(row[keyColumn]))
      const differs = Object.keys(row).some((k) => comparable(old[k]) !== comparable(row[k]))
      if (differs) {
        await trx.from(table).where(keyColumn, row[keyColumn]).update(row)
        changed++
      }
    }
    if (++done % 500 === 0) progress?.(done, rows.length)
  }
  for (let i = 0; i < fresh.length; i += 200) {
    await trx.table(table).multiInsert(fresh.slice(i, i + 200))
  }
  // Codes gone from the source stay (records point to them) but leave the pickers.
  let removed = 0
  for (const [code, row] of existing) {
    if (!row.valid_to) {
      await trx.from(table).where(keyColumn, code).update({ valid_to: today() })
      removed++
    }
  }
  progress?.(rows.length, rows.length)
  return { added, changed, removed }
}

export async function importDataset(
  key: DatasetKey,
  file: string | null,
  options: { dryRun?: boolean; progress?: Progress } = {}
): Promise<ImportReport> {
  const source = file ?? seedFile(key)
  const loaded =
    key === 'comuni' ? await loadComuni() : key === 'icd9cm' ? loadIcd9(source!) : loadAsl(source!)
  if (loaded.rows.length === 0) throw new Error(`Nessuna riga valida nel file per ${key}.`)

  const trx = await db.transaction()
  try {
    let counts: { added: number; changed: number; removed: number }
    if (key === 'comuni') {
      const comuni = loaded.rows.filter((r) => !r.__foreign)
      const states = loaded.rows.filter((r) => r.__foreign).map(({ __foreign, ...r }) => r)
      // comuni are keyed by (cadastral_code, valid_from): the same code was reused over time.
      await trx.from('comuni').delete()
      for (let i = 0; i < comuni.length; i += 200) await trx.table('comuni').multiInsert(comuni.slice(i, i + 200))
      options.progress?.(comuni.length, loaded.rows.length)
      const st = await upsert(trx, 'foreign_states', 'cadastral_code', states)
      counts = { added: comuni.length + st.added, changed: st.changed, removed: st.removed }
    } else {
      counts = await upsert(trx, loaded.table, loaded.keyColumn, loaded.rows, options.progress)
    }
    const now = DateTime.utc().toSQL({ includeOffset: false })
    await trx.from('reference_datasets').where('key', key).delete()
    await trx.table('reference_datasets').insert({
      key,
      version: loaded.version,
      source_url: loaded.sourceUrl,
      licence: loaded.licence,
      attribution: loaded.attribution,
      row_count: loaded.rows.length,
      sha256: loaded.sha256,
      fetched_at: now,
      applied_at: now,
    })
    if (options.dryRun) await trx.rollback()
    else await trx.commit()
    return { key, ...counts, total: loaded.rows.length, dryRun: Boolean(options.dryRun) }
  } catch (error) {
    await trx.rollback()
    throw error
  }
}

/** Loads the datasets whose tables are still empty (first install, demo, tests). */
export async function ensureReferenceData(progress?: (key: DatasetKey) => void) {
  for (const [key, table] of [
    ['comuni', 'comuni'],
    ['icd9cm', 'icd9cm_diagnoses'],
    ['asl', 'asl'],
  ] as const) {
    const [{ n }] = await db.from(table).count('* as n')
    if (Number(n) === 0) {
      progress?.(key)
      await importDataset(key, null)
    }
  }
}
