/*
| The two components live update owns: messages to the studio (update_messages) and the DSS
| rule sets (dss_rule_sets, read by the decision-support module). Each is a JSON file for the
| feed builder and a table the bundle brings in line, inside the caller's transaction.
*/
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { Row, TableRows } from '#services/refdata/dataset'
import { UpdateError } from './update_error.js'

export type OwnedKey = 'messages' | 'dss_rules'
export const OWNED_KEYS: OwnedKey[] = ['messages', 'dss_rules']

export const AUDIENCES = ['all', 'admin', 'titolare', 'sostituto', 'collaboratore'] as const

export interface OwnedSource {
  version: string
  tables: TableRows[]
  sha256: string
  licence: string
  attribution: string
}

export interface ApplyCounts {
  added: number
  changed: number
  retired: number
  total: number
}

const TABLE: Record<OwnedKey, string> = { messages: 'update_messages', dss_rules: 'dss_rule_sets' }
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

export const ownedTable = (key: OwnedKey) => TABLE[key]

function checkMessage(row: Record<string, unknown>, where: string): Row {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const day = (v: unknown, name: string) => {
    if (v === null || v === undefined || v === '') return null
    if (typeof v !== 'string' || !ISO_DAY.test(v) || !DateTime.fromISO(v).isValid) throw new Error(`${where}: ${name} non è una data AAAA-MM-GG`)
    return v
  }
  const key = text(row.key)
  const title = text(row.title)
  const body = text(row.body)
  const audience = text(row.audience) || 'all'
  if (!/^[a-z0-9][a-z0-9._-]{0,79}$/i.test(key)) throw new Error(`${where}: chiave mancante o non valida`)
  if (!title || title.length > 200) throw new Error(`${where}: titolo mancante o troppo lungo`)
  if (!body) throw new Error(`${where}: testo mancante`)
  if (!(AUDIENCES as readonly string[]).includes(audience)) throw new Error(`${where}: destinatari «${audience}» non ammessi`)
  return { key, title, body, audience, valid_from: day(row.valid_from, 'valid_from'), valid_to: day(row.valid_to, 'valid_to') }
}

function checkRuleSet(row: Record<string, unknown>, where: string): Row {
  const key = typeof row.key === 'string' ? row.key.trim() : ''
  const version = row.version === undefined || row.version === null ? '' : String(row.version).trim()
  if (!/^[a-z0-9][a-z0-9._-]{0,79}$/i.test(key)) throw new Error(`${where}: chiave mancante o non valida`)
  if (!version || version.length > 60) throw new Error(`${where}: versione mancante`)
  let rules: string
  if (typeof row.rules === 'string') {
    try {
      JSON.parse(row.rules)
    } catch {
      throw new Error(`${where}: le regole non sono JSON valido`)
    }
    rules = row.rules
  } else if (row.rules && typeof row.rules === 'object') {
    rules = JSON.stringify(row.rules)
  } else {
    throw new Error(`${where}: regole mancanti`)
  }
  return { key, version, rules }
}

/** messages.json `{version, messages: [...]}` or dss_rules.json `{version, rule_sets: [...]}`. */
export function loadOwnedSource(key: OwnedKey, file: string): OwnedSource {
  const bytes = readFileSync(file)
  let data: any
  try {
    data = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw new Error(`${file}: JSON non valido`)
  }
  const list = key === 'messages' ? data?.messages : data?.rule_sets
  if (!Array.isArray(list) || !list.length) throw new Error(`${file}: manca l’elenco ${key === 'messages' ? 'messages' : 'rule_sets'}`)
  const check = key === 'messages' ? checkMessage : checkRuleSet
  const rows = list.map((row: Record<string, unknown>, i: number) => check(row ?? {}, `elemento ${i + 1}`))
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return {
    version: typeof data.version === 'string' && data.version.trim() ? data.version.trim() : sha256.slice(0, 12),
    tables: [{ table: TABLE[key], keyColumns: ['key'], rows }],
    sha256,
    licence: typeof data.licence === 'string' ? data.licence : 'Studio MG',
    attribution: typeof data.attribution === 'string' ? data.attribution : 'Studio MG',
  }
}

const same = (a: unknown, b: unknown) => String(a ?? '') === String(b ?? '')

function isoDay(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (value instanceof Date) return DateTime.fromJSDate(value).toISODate()
  return String(value).slice(0, 10)
}

const nowSql = () => DateTime.utc().toFormat('yyyy-LL-dd HH:mm:ss')

async function applyMessages(trx: TransactionClientContract, rows: Row[]): Promise<ApplyCounts> {
  const existing = new Map<string, any>()
  for (const row of await trx.from('update_messages').select('*')) existing.set(row.key, row)
  const counts: ApplyCounts = { added: 0, changed: 0, retired: 0, total: rows.length }
  for (const row of rows) {
    const old = existing.get(String(row.key))
    existing.delete(String(row.key))
    if (!old) {
      await trx.table('update_messages').insert({ ...row, published_at: nowSql() })
      counts.added++
    } else if (
      !same(old.title, row.title) ||
      !same(old.body, row.body) ||
      !same(old.audience, row.audience) ||
      !same(isoDay(old.valid_from), row.valid_from) ||
      !same(isoDay(old.valid_to), row.valid_to)
    ) {
      await trx.from('update_messages').where('id', old.id).update(row)
      counts.changed++
    }
  }
  // A message the feed no longer carries is withdrawn from today: it stops showing at once.
  const yesterday = DateTime.now().minus({ days: 1 }).toISODate()!
  for (const old of existing.values()) {
    const validTo = isoDay(old.valid_to)
    if (validTo && validTo <= yesterday) continue
    await trx.from('update_messages').where('id', old.id).update({ valid_to: yesterday })
    counts.retired++
  }
  return counts
}

async function applyRuleSets(trx: TransactionClientContract, rows: Row[]): Promise<ApplyCounts> {
  const existing = new Map<string, any>()
  for (const row of await trx.from('dss_rule_sets').select('*')) existing.set(row.key, row)
  const counts: ApplyCounts = { added: 0, changed: 0, retired: 0, total: rows.length }
  for (const row of rows) {
    const old = existing.get(String(row.key))
    existing.delete(String(row.key))
    if (!old) {
      await trx.table('dss_rule_sets').insert({ ...row, applied_at: nowSql() })
      counts.added++
    } else if (!same(old.version, row.version) || !same(old.rules, row.rules)) {
      await trx.from('dss_rule_sets').where('key', old.key).update({ ...row, applied_at: nowSql() })
      counts.changed++
    }
  }
  // Rule sets fire on patients: one the feed withdrew must stop firing, so it goes.
  for (const old of existing.values()) {
    await trx.from('dss_rule_sets').where('key', old.key).delete()
    counts.retired++
  }
  return counts
}

/** Brings the owned table in line with the bundle and records the component's version. */
export async function applyOwnedComponent(
  trx: TransactionClientContract,
  key: OwnedKey,
  tables: TableRows[],
  version: string,
  sha256: string
): Promise<ApplyCounts> {
  const table = tables.find((t) => t.table === TABLE[key])
  if (!table || tables.length !== 1) throw new UpdateError('bad_bundle', { detail: `serve la sola tabella ${TABLE[key]}` })
  const check = key === 'messages' ? checkMessage : checkRuleSet
  let rows: Row[]
  try {
    rows = table.rows.map((row, i) => check(row, `riga ${i + 2}`))
  } catch (error) {
    throw new UpdateError('bad_bundle', { detail: (error as Error).message })
  }
  const counts = key === 'messages' ? await applyMessages(trx, rows) : await applyRuleSets(trx, rows)
  await trx.from('update_components').where('key', key).delete()
  await trx.table('update_components').insert({ key, version, sha256, row_count: rows.length, applied_at: nowSql() })
  return counts
}
