/** Reads a `;`-separated reference CSV (UTF-8, or Windows-1252 detected and converted). */
import { readFileSync } from 'node:fs'

export function readSemicolonCsv(path: string): Record<string, string>[] {
  const bytes = readFileSync(path)
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.includes('\uFFFD')) text = new TextDecoder('windows-1252').decode(bytes)
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '')
  const header = lines.shift()!.split(';').map((h) => h.trim().toLowerCase())
  return lines.map((line) => {
    const cells = line.split(';')
    return Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim().replace(/^"|"$/g, '')]))
  })
}
