/*
| manifest.json, the last entry of every archive: what it holds, from which installation,
| and the checksums a restore verifies before it touches anything.
*/
import { readFileSync } from 'node:fs'
import type { TableSummary } from './table_digest.js'

export const MANIFEST_ENTRY = 'manifest.json'
export const FORMAT = 'studio-mg-backup'
export const FORMAT_VERSION = 1

export type ArchiveKind = 'full' | 'attachments' | 'doctor_export'

export interface MigrationState {
  /** The last batch applied. */
  batch: number
  names: string[]
}

export interface ArchiveEntry {
  path: string
  bytes: number
  sha256: string
}

export interface Manifest {
  format: typeof FORMAT
  formatVersion: number
  kind: ArchiveKind
  appVersion: string
  createdAt: string
  /** null for an archive of attachments only. */
  dialect: 'sqlite' | 'mysql' | null
  /** Where the database file or dump is, inside the archive. */
  databaseEntry: string | null
  migrations: MigrationState | null
  tables: TableSummary[]
  includesAttachments: boolean
  attachments: { files: number; bytes: number }
  entries: ArchiveEntry[]
  taskName: string | null
  encrypted: boolean
  /** Only for kind doctor_export. */
  doctor?: { id: number; username: string; name: string; patients: number }
}

let version: string | null = null

export function appVersion(): string {
  if (!version) {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))
    version = String(pkg.version ?? '0.0.0')
  }
  return version!
}

/** A manifest read back from an archive, or null when it is not one of ours. */
export function parseManifest(text: string): Manifest | null {
  try {
    const value = JSON.parse(text)
    if (value?.format !== FORMAT || !Array.isArray(value.entries) || !Array.isArray(value.tables)) return null
    return value as Manifest
  } catch {
    return null
  }
}
