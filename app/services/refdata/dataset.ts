/*
| What a reference-data loader hands to the importer: validated rows for one or more tables,
| the lines it had to skip and why, and the provenance recorded in reference_datasets.
*/
export type DatasetKey = 'comuni' | 'icd9cm' | 'asl' | 'drugs' | 'catalogue'
export const DATASET_KEYS: DatasetKey[] = ['comuni', 'icd9cm', 'asl', 'drugs', 'catalogue']

export type Row = Record<string, string | number | boolean | null>

export interface TableRows {
  table: string
  /** Columns that identify a row across imports. */
  keyColumns: string[]
  rows: Row[]
  /**
   * The part of the table the rows replace (`{ region: ['lazio'] }`): a file with one
   * region's catalogue leaves the other regions' rows alone. Absent: the whole table.
   */
  scope?: Record<string, string[]>
}

export interface SkippedLine {
  line: number
  reason: string
}

export interface LoadedDataset {
  key: DatasetKey
  tables: TableRows[]
  skipped: SkippedLine[]
  version: string
  sourceUrl: string | null
  licence: string
  attribution: string
  sha256: string
}

/** Upper case, accents folded, punctuation as blanks: the text LIKE searches compare with. */
export function normalizedText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9.]+/g, ' ')
    .trim()
}

export function isDatasetKey(value: string): value is DatasetKey {
  return (DATASET_KEYS as string[]).includes(value)
}
