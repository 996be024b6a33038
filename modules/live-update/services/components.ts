/*
| Which feed component this installation knows how to apply: a reference dataset of the core
| (any key of DATASET_KEYS, so datasets added later are picked up), or one of ours. The
| spec's `catalogue:<region>` maps onto the `catalogue` dataset for this studio's region.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { studioRegion } from '#config/modules'
import { isDatasetKey, type DatasetKey } from '#services/refdata/dataset'
import { OWNED_KEYS, type OwnedKey } from './owned_components.js'

export type ComponentKind = { kind: 'dataset'; dataset: DatasetKey } | { kind: 'owned'; owned: OwnedKey }

export function componentKind(key: string): ComponentKind | null {
  if ((OWNED_KEYS as string[]).includes(key)) return { kind: 'owned', owned: key as OwnedKey }
  const [base, scope] = key.split(':')
  if (!isDatasetKey(base)) return null
  // A regional component for another region is not ours to apply.
  if (scope && scope !== studioRegion() && scope !== 'nazionale') return null
  return { kind: 'dataset', dataset: base }
}

/** Where the installed version of a component is recorded. */
export function installedKeyOf(key: string): string {
  const kind = componentKind(key)
  return kind?.kind === 'dataset' ? kind.dataset : key
}

export interface InstalledComponent {
  key: string
  version: string
  rowCount: number
  appliedAt: DateTime | null
  source: 'reference_datasets' | 'update_components'
}

function toDateTime(value: unknown): DateTime | null {
  if (!value) return null
  if (value instanceof Date) return DateTime.fromJSDate(value)
  const dt = DateTime.fromSQL(String(value), { zone: 'utc' })
  return dt.isValid ? dt.toLocal() : null
}

/** Every installed component: the core's reference datasets and the components we own. */
export async function installedComponents(): Promise<Map<string, InstalledComponent>> {
  const map = new Map<string, InstalledComponent>()
  for (const row of await db.from('reference_datasets').select('key', 'version', 'row_count', 'applied_at')) {
    map.set(row.key, { key: row.key, version: row.version, rowCount: Number(row.row_count), appliedAt: toDateTime(row.applied_at), source: 'reference_datasets' })
  }
  for (const row of await db.from('update_components').select('key', 'version', 'row_count', 'applied_at')) {
    map.set(row.key, { key: row.key, version: row.version, rowCount: Number(row.row_count), appliedAt: toDateTime(row.applied_at), source: 'update_components' })
  }
  return map
}
