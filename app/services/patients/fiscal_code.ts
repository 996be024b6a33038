/*
| Codice fiscale (DM 23/12/1976, DPR 605/1973): form, check character, omocodia, decoding,
| and coherence with the registry data. Name encoding, de-omocoding and the check character
| come from @marketto/codice-fiscale-utils; birth places from its Belfiore dataset.
*/
import { CheckDigitizer, Parser } from '@marketto/codice-fiscale-utils'
import { belfioreConnector } from '@marketto/belfiore-connector-embedded'
import { DateTime } from 'luxon'

// Omocodia: when two people share a code, the Agenzia delle Entrate replaces digits from the
// right (positions 15, 14, 13, 11, 10, 8, 7 in 1-based terms) with these letters for 0..9.
const DIGIT = '[0-9LMNPQRSTUV]'
const FORMAT = new RegExp(
  `^[A-Z]{6}${DIGIT}{2}[ABCDEHLMPRST]${DIGIT}{2}[A-Z]${DIGIT}{3}[A-Z]$`
)
const MONTHS = 'ABCDEHLMPRST'

const parser = new Parser(belfioreConnector)

/** Upper case, blanks removed: what people type and what is stored. */
export function normalizeFiscalCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

/** The code with omocodia letters turned back into digits and its check character recomputed. */
export function deomocode(value: string): string {
  return parser.cfDeomocode(normalizeFiscalCode(value))
}

export type FiscalCodeProblem = 'length' | 'format' | 'date' | 'check_character'

/**
 * Formal validity: 16 characters in the right places, a birth date that exists and the
 * right check character. Null when the code is formally valid.
 */
export function fiscalCodeProblem(value: string): FiscalCodeProblem | null {
  const cf = normalizeFiscalCode(value)
  if (cf.length !== 16) return 'length'
  if (!FORMAT.test(cf)) return 'format'
  if (!birthDateOf(deomocode(cf))) return 'date'
  if (CheckDigitizer.checkDigit(cf.slice(0, 15)) !== cf[15]) return 'check_character'
  return null
}

export function isValidFiscalCode(value: string) {
  return fiscalCodeProblem(value) === null
}

export interface DecodedFiscalCode {
  sex: 'M' | 'F'
  birthDate: DateTime
  birthPlaceCode: string
  isOmocode: boolean
}

/** Day, month and two-digit year of a de-omocoded code, or null when no such date exists. */
function birthDateOf(cf: string, today = DateTime.now()) {
  const yy = Number(cf.slice(6, 8))
  const month = MONTHS.indexOf(cf[8]) + 1
  const dayField = Number(cf.slice(9, 11))
  const day = dayField > 40 ? dayField - 40 : dayField
  if (day < 1 || day > 31) return null
  // Two digits for the year: the most recent century that does not put the birth in the future.
  let date = DateTime.fromObject({ year: 2000 + yy, month, day })
  if (date.isValid && date > today) date = DateTime.fromObject({ year: 1900 + yy, month, day })
  // 29 February exists in 2000 + yy but maybe not a century earlier, or the other way round.
  if (!date.isValid) date = DateTime.fromObject({ year: 1900 + yy, month, day })
  return date.isValid ? { date, sex: dayField > 40 ? ('F' as const) : ('M' as const) } : null
}

/** Sex, birth date and birth place (codice catastale) of a formally valid code. */
export function decodeFiscalCode(value: string, today = DateTime.now()): DecodedFiscalCode {
  const original = normalizeFiscalCode(value)
  const cf = deomocode(original)
  const birth = birthDateOf(cf, today)
  if (!birth) throw new Error('decodeFiscalCode needs a formally valid code')
  return {
    sex: birth.sex,
    birthDate: birth.date,
    birthPlaceCode: cf.slice(11, 15),
    isOmocode: cf !== original,
  }
}

/** Name of the comune or foreign state a codice catastale stands for (Belfiore dataset). */
export async function placeNameOf(code: string): Promise<string | null> {
  const place = await belfioreConnector.findByCode(code.toUpperCase())
  if (!place) return null
  return 'province' in place && place.province ? `${place.name} (${place.province})` : place.name
}

export interface RegistryData {
  lastName: string
  firstName: string
  sex: 'M' | 'F'
  birthDate: DateTime
  birthPlaceCode?: string | null
}

export type CoherenceProblem = 'last_name' | 'first_name' | 'sex' | 'birth_date' | 'birth_place'

export interface CoherenceMismatch {
  part: CoherenceProblem
  /** What the code says for that part (letters, sex, date or codice catastale). */
  inCode: string
  /** What the typed data give for that part. */
  fromData: string
}

/**
 * Which parts of the registry data the code disagrees with, and how. A code may legitimately
 * disagree (assigned after a correction of the data): the caller decides whether to block.
 */
export function coherenceMismatches(value: string, data: RegistryData): CoherenceMismatch[] {
  const cf = deomocode(value)
  const decoded = decodeFiscalCode(cf)
  const mismatches: CoherenceMismatch[] = []
  const lastName = parser.lastNameToCf(data.lastName) ?? ''
  if (lastName !== cf.slice(0, 3)) mismatches.push({ part: 'last_name', inCode: cf.slice(0, 3), fromData: lastName })
  const firstName = parser.firstNameToCf(data.firstName) ?? ''
  if (firstName !== cf.slice(3, 6)) mismatches.push({ part: 'first_name', inCode: cf.slice(3, 6), fromData: firstName })
  if (decoded.sex !== data.sex) mismatches.push({ part: 'sex', inCode: decoded.sex, fromData: data.sex })
  // The code holds two digits of the year: 1880 and 1980 are the same code.
  const sameDate =
    data.birthDate.day === decoded.birthDate.day &&
    data.birthDate.month === decoded.birthDate.month &&
    data.birthDate.year % 100 === decoded.birthDate.year % 100
  if (!sameDate) {
    mismatches.push({ part: 'birth_date', inCode: decoded.birthDate.toISODate()!, fromData: data.birthDate.toISODate()! })
  }
  const place = data.birthPlaceCode?.toUpperCase()
  if (place && place !== decoded.birthPlaceCode) {
    mismatches.push({ part: 'birth_place', inCode: decoded.birthPlaceCode, fromData: place })
  }
  return mismatches
}

export function coherenceProblems(value: string, data: RegistryData): CoherenceProblem[] {
  return coherenceMismatches(value, data).map((m) => m.part)
}
