/*
| Reference-data import: one code path for the first install, live update and tests
| (reference-data spec, general rules). The loader reads and validates the whole source
| first (our staging area); then one transaction applies the differences and records the
| dataset in reference_datasets, so a failure leaves the previous version untouched.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DatasetKey, LoadedDataset, SkippedLine } from '#services/refdata/dataset'
import { LOADERS } from '#services/refdata/loaders'
import { applyTableChanges, diffTable } from '#services/refdata/sync_table'

export { DATASET_KEYS, isDatasetKey, type DatasetKey } from '#services/refdata/dataset'

export interface ImportReport {
  key: DatasetKey
  version: string
  added: number
  changed: number
  removed: number
  total: number
  skipped: SkippedLine[]
  dryRun: boolean
}

export type ImportProgress = (step: 'read' | 'compare' | 'write', done: number, total: number) => void

export async function importDataset(
  key: DatasetKey,
  file: string | null,
  options: { dryRun?: boolean; progress?: ImportProgress } = {}
): Promise<ImportReport> {
  options.progress?.('read', 0, 1)
  const dataset = await LOADERS[key].load(file)
  options.progress?.('read', 1, 1)
  return applyDataset(dataset, options)
}

/**
 * Applies an already read and validated dataset in one transaction (live update hands its
 * verified bundles here): differences only, then the reference_datasets record.
 */
export async function applyDataset(
  dataset: LoadedDataset,
  options: { dryRun?: boolean; progress?: ImportProgress; client?: TransactionClientContract } = {}
): Promise<ImportReport> {
  const key = dataset.key
  const progress = options.progress ?? (() => {})
  const total = dataset.tables.reduce((n, t) => n + t.rows.length, 0)
  if (dataset.tables[0].rows.length === 0) {
    throw new Error(`Nessuna riga valida nel file per ${key}${dataset.skipped.length ? ` (${dataset.skipped.length} righe scartate)` : ''}.`)
  }

  const applyAll = async (client: any) => {
    const diffs = []
    for (const [i, table] of dataset.tables.entries()) {
      progress('compare', i, dataset.tables.length)
      diffs.push({ table, changes: await diffTable(client, table) })
    }
    const toWrite = diffs.reduce((n, d) => n + d.changes.added.length + d.changes.changed.length + d.changes.retired.length, 0)
    if (!options.dryRun) {
      let before = 0
      for (const { table, changes } of diffs) {
        await applyTableChanges(client, table.keyColumns, changes, (written) => progress('write', before + written, toWrite))
        before += changes.added.length + changes.changed.length + changes.retired.length
      }
      await recordDataset(client, dataset, total)
    }
    return {
      added: diffs.reduce((n, d) => n + d.changes.added.length, 0),
      changed: diffs.reduce((n, d) => n + d.changes.changed.length, 0),
      removed: diffs.reduce((n, d) => n + d.changes.retired.length, 0),
    }
  }

  // A caller's transaction (live update applies several components at once) or our own.
  const counts = options.client
    ? await applyAll(options.client)
    : options.dryRun
      ? await applyAll(db.connection())
      : await db.transaction(applyAll)
  return { key, version: dataset.version, ...counts, total, skipped: dataset.skipped, dryRun: Boolean(options.dryRun) }
}

async function recordDataset(client: any, dataset: LoadedDataset, rowCount: number) {
  const now = DateTime.utc().toFormat('yyyy-LL-dd HH:mm:ss')
  await client.from('reference_datasets').where('key', dataset.key).delete()
  await client.table('reference_datasets').insert({
    key: dataset.key,
    version: dataset.version.slice(0, 40),
    source_url: dataset.sourceUrl,
    licence: dataset.licence.slice(0, 100),
    attribution: dataset.attribution.slice(0, 500),
    row_count: rowCount,
    sha256: dataset.sha256,
    fetched_at: now,
    applied_at: now,
  })
}

/**
 * Loads every dataset whose table is still empty — comuni from the embedded package, ICD9-CM,
 * ASL, drugs and catalogue from the project's curated seeds (first install, demo, tests).
 */
export async function ensureReferenceData(progress?: (key: DatasetKey) => void) {
  const reports: ImportReport[] = []
  for (const [key, loader] of Object.entries(LOADERS) as [DatasetKey, (typeof LOADERS)[DatasetKey]][]) {
    if (!loader.autoload) continue
    const any = await db.from(loader.mainTable).select(db.raw('1 as one')).first()
    if (!any) {
      progress?.(key)
      reports.push(await importDataset(key, null))
    }
  }
  return reports
}
