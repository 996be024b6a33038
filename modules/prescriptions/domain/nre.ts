/*
| NRE (Numero di Ricetta Elettronica, spec §4.4): form, the two printed parts, numbers drawn
| from a regional lot, and the human-readable text of the Code 39 barcodes.
*/
import { InvalidCode } from './invalid_code.js'

// Region (3 digits), lot group (2: `0A` on SAC numbers, e.g. `A0` on some regional ones), 10 digits.
export const NRE_FORMAT = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/

/** Upper case, blanks removed: what people type or read aloud in groups. */
export function normalizeNre(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

export function isValidNre(value: string): boolean {
  return NRE_FORMAT.test(normalizeNre(value))
}

/** The Italian message for a malformed NRE, null when the form is right. */
export function nreProblem(value: string): string | null {
  const nre = normalizeNre(value)
  if (NRE_FORMAT.test(nre)) return null
  if (nre.length !== 15) return `NRE non valido: ${value} (deve avere 15 caratteri, ne ha ${nre.length})`
  return `NRE non valido: ${value} (3 cifre, 2 caratteri alfanumerici, 10 cifre)`
}

export interface NreParts {
  /** First 5 characters: region + lot group. */
  part1: string
  /** Last 10 digits. */
  part2: string
}

/** DM 2/11/2011: the promemoria prints the NRE as two barcodes, 5 + 10 characters. */
export function splitNre(value: string): NreParts {
  const problem = nreProblem(value)
  if (problem) throw new InvalidCode('nre', value, problem)
  const nre = normalizeNre(value)
  return { part1: nre.slice(0, 5), part2: nre.slice(5) }
}

/**
 * A lot of NREs handed out by a region ("richiesta lotti NRE"). `lotKind` is the
 * identificativoLotto: 0 = lot of 100 (7-digit lot code), 1 = lot of 1000 (6-digit lot code).
 */
export interface NreLot {
  regionCode: string
  groupCode: string
  lotKind: 0 | 1
  lotCode: string
}

const LOT_SHAPES = {
  0: { lotCodeDigits: 7, progressiveDigits: 2 },
  1: { lotCodeDigits: 6, progressiveDigits: 3 },
} as const

export function lotSize(lotKind: 0 | 1): number {
  return 10 ** LOT_SHAPES[lotKind].progressiveDigits
}

/** The "codice lotto" (13 chars for lots of 100, 12 for lots of 1000): the search key of InterrogaNreUtilizzati. */
export function nreLotPrefix(lot: NreLot): string {
  const shape = LOT_SHAPES[lot.lotKind]
  const problems: string[] = []
  if (!/^[0-9]{3}$/.test(lot.regionCode)) problems.push('codice regione di 3 cifre')
  if (!/^[0-9A-Z]{2}$/.test(lot.groupCode)) problems.push('gruppo di 2 caratteri alfanumerici')
  if (!new RegExp(`^[0-9]{${shape.lotCodeDigits}}$`).test(lot.lotCode)) {
    problems.push(`codice lotto di ${shape.lotCodeDigits} cifre`)
  }
  const prefix = `${lot.regionCode}${lot.groupCode}${lot.lotKind}${lot.lotCode}`
  if (problems.length) throw new InvalidCode('nre', prefix, `Lotto NRE non valido: servono ${problems.join(', ')}`)
  return prefix
}

/** The NRE of one progressive within a lot. */
export function composeLotNre(lot: NreLot, progressive: number): string {
  const prefix = nreLotPrefix(lot)
  const size = lotSize(lot.lotKind)
  if (!Number.isInteger(progressive) || progressive < 0 || progressive >= size) {
    throw new InvalidCode(
      'nre',
      String(progressive),
      `Progressivo NRE fuori dal lotto: ${progressive} (da 0 a ${size - 1})`
    )
  }
  return prefix + String(progressive).padStart(LOT_SHAPES[lot.lotKind].progressiveDigits, '0')
}

// Code 39 without the full-ASCII extension; `*` is reserved for start/stop.
const CODE39_CHARSET = /^[0-9A-Z \-.$/+%]+$/

/** Text printed under a Code 39 symbol: the data between the start/stop asterisks (`*1300A*`). */
export function code39Text(value: string): string {
  if (!CODE39_CHARSET.test(value)) {
    throw new InvalidCode('code39', value, `Testo non codificabile in Code 39: ${value}`)
  }
  return `*${value}*`
}
