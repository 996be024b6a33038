/*
| ICD-9-CM 2007 (Italian) diagnoses from a CSV `codice;descrizione` (HL7 Italia CodeSystem
| export or the ministry table converted to CSV). Derives code_nodot, level, the parent (the
| nearest code of the file above it), leaf flag, chapter and the normalised search text.
*/
import { createHash } from 'node:crypto'
import { pickColumn, readCsv } from '#services/refdata/csv'
import { normalizedText, type LoadedDataset, type Row, type SkippedLine } from '#services/refdata/dataset'

// Reference-data spec §2 (same pattern the INPS certificate accepts).
export const ICD9_CODE = /^E?[V0-9][0-9]{1,2}(\.[0-9]{0,2})?$/
const DESCRIPTION_MAX = 300

/** ICD-9-CM chapter: 1–17 by the numeric range of the category, V and E supplementary. */
export function icd9Chapter(code: string): string {
  if (code.startsWith('V')) return 'V'
  if (code.startsWith('E')) return 'E'
  const n = Number(code.slice(0, 3))
  const bounds = [139, 239, 279, 289, 319, 389, 459, 519, 579, 629, 679, 709, 739, 759, 779, 799, 999]
  return String(bounds.findIndex((max) => n <= max) + 1)
}

/** Ancestors from the nearest: 250.01 → 250.0, 250; E880.9 → E880. */
function ancestors(code: string): string[] {
  const [head, tail = ''] = code.split('.')
  const list: string[] = []
  for (let n = tail.length - 1; n >= 1; n--) list.push(`${head}.${tail.slice(0, n)}`)
  if (tail.length) list.push(head)
  return list
}

/**
 * The HL7 Italia export writes À as "@" (CAVIT@, ET@): put the letter back. Descriptions
 * longer than the column (six E-codes listing places) are cut with an ellipsis.
 */
export function cleanDescription(text: string): string {
  const clean = text.replace(/@/g, 'À').replace(/\s+/g, ' ').trim()
  return clean.length > DESCRIPTION_MAX ? `${clean.slice(0, DESCRIPTION_MAX - 1)}…` : clean
}

export function loadIcd9cm(file: string): LoadedDataset {
  const csv = readCsv(file)
  const codeColumn = pickColumn(csv.header, ['codice', 'code', 'cod'])
  const descriptionColumn = pickColumn(csv.header, ['descrizione', 'description', 'desc'])
  if (!codeColumn || !descriptionColumn) {
    throw new Error(`Intestazione non riconosciuta (${csv.header.join(';')}): servono le colonne codice;descrizione.`)
  }
  const skipped: SkippedLine[] = []
  const byCode = new Map<string, Row>()
  for (const { line, values } of csv.rows) {
    const code = values[codeColumn].toUpperCase().replace(/\.$/, '')
    const description = cleanDescription(values[descriptionColumn])
    if (!ICD9_CODE.test(code)) {
      skipped.push({ line, reason: `codice non valido «${code}»` })
    } else if (!description) {
      skipped.push({ line, reason: `descrizione mancante per ${code}` })
    } else if (byCode.has(code)) {
      skipped.push({ line, reason: `codice ${code} ripetuto` })
    } else {
      byCode.set(code, {
        code,
        code_nodot: code.replace('.', ''),
        description,
        level: 3 + (code.split('.')[1]?.length ?? 0),
        parent_code: null,
        is_leaf: true,
        chapter: icd9Chapter(code),
        search_text: normalizedText(`${code} ${code.replace('.', '')} ${description}`).slice(0, DESCRIPTION_MAX),
        valid_to: null,
      })
    }
  }
  for (const row of byCode.values()) {
    const parent = ancestors(String(row.code)).find((c) => byCode.has(c)) ?? null
    row.parent_code = parent
    if (parent) byCode.get(parent)!.is_leaf = false
  }
  const sha256 = createHash('sha256').update(csv.bytes).digest('hex')
  return {
    key: 'icd9cm',
    tables: [{ table: 'icd9cm_diagnoses', keyColumns: ['code'], rows: [...byCode.values()] }],
    skipped,
    version: `2007-${sha256.slice(0, 8)}`,
    sourceUrl: null,
    licence: 'Classificazione © Ministero della Salute; CodeSystem HL7 Italia CC BY-SA 4.0',
    attribution: 'ICD-9-CM versione italiana 2007, Ministero della Salute; HL7 Italia (diagnosi-icd9cm)',
    sha256,
  }
}
