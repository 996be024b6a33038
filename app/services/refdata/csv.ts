/*
| Reads a reference CSV. The public sources are `;`-separated (some ANPR/ISTAT exports use
| `,`), UTF-8 or Windows-1252 (AIFA lists): both are detected and converted to UTF-8.
*/
import { readFileSync } from 'node:fs'

export interface CsvRow {
  /** 1-based line number in the file, for error reports. */
  line: number
  values: Record<string, string>
}

export interface CsvFile {
  header: string[]
  rows: CsvRow[]
  bytes: Buffer
}

/** UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252 (the other encoding in use). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '')
  } catch {
    return new TextDecoder('windows-1252').decode(bytes)
  }
}

/** Splits one line on the separator; double-quoted cells may hold the separator and "" quotes. */
export function splitCsvLine(line: string, separator: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === separator) {
      cells.push(cell.trim())
      cell = ''
    } else cell += ch
  }
  cells.push(cell.trim())
  return cells
}

export function readCsv(path: string): CsvFile {
  const bytes = readFileSync(path)
  const lines = decodeText(bytes).split(/\r?\n/)
  const first = lines.findIndex((l) => l.trim() !== '')
  if (first < 0) return { header: [], rows: [], bytes }
  const separator = lines[first].includes(';') ? ';' : ','
  const header = splitCsvLine(lines[first], separator).map((h) => h.toLowerCase())
  const rows: CsvRow[] = []
  for (let i = first + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    const cells = splitCsvLine(lines[i], separator)
    rows.push({ line: i + 1, values: Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])) })
  }
  return { header, rows, bytes }
}

/** The first of `names` the header has, so that files from different publishers are read alike. */
export function pickColumn(header: string[], names: string[]): string | null {
  return names.find((n) => header.includes(n)) ?? null
}
