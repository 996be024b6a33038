/*
| Codice fiscale: format, check character (DM 23/12/1976), omocodia, decoding, and
| coherence with the registry data. Name encoding and the check character come from
| @marketto/codice-fiscale-utils; the rest is plain string work on the 16 characters.
*/
import { CheckDigitizer, Parser } from '@marketto/codice-fiscale-utils'
import { belfioreConnector } from '@marketto/belfiore-connector-embedded'
import { DateTime } from 'luxon'

const FORMAT = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const MONTHS = 'ABCDEHLMPRST'
// Omocodia replaces digits from the right with these letters (0..9).
const OMOCODE_LETTERS = 'LMNPQRSTUV'
const OMOCODE_POSITIONS = [6, 7, 9, 10, 12, 13, 14]

const parser = new Parser(belfioreConnector)

export function normalizeFiscalCode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase()
}

/** The code with omocodia letters turned back into digits. */
export function deomocode(cf: string): string {
  const chars = cf.split('')
  for (const pos of OMOCODE_POSITIONS) {
    const index = OMOCODE_LETTERS.indexOf(chars[pos])
    if (index >= 0) chars[pos] = String(index)
  }
  chars[15] = CheckDigitizer.checkDigit(chars.slice(0, 15).join('')) ?? chars[15]
  return chars.join('')
}

export type FiscalCodeProblem = 'format' | 'check_character'

/** Formal validity: 16 characters in the right places and the right check character. */
export function fiscalCodeProblem(value: string): FiscalCodeProblem | null {
  const cf = normalizeFiscalCode(value)
  if (!FORMAT.test(cf)) return 'format'
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

/** Sex, birth date and birth place (codice catastale) of a formally valid code. */
export function decodeFiscalCode(value: string, today = DateTime.now()): DecodedFiscalCode {
  const cf = deomocode(normalizeFiscalCode(value))
  const yy = Number(cf.slice(6, 8))
  const month = MONTHS.indexOf(cf[8]) + 1
  const dayField = Number(cf.slice(9, 11))
  const sex = dayField > 40 ? 'F' : 'M'
  const day = dayField > 40 ? dayField - 40 : dayField
  // Two-digit year: the most recent century that does not put the birth in the future.
  let year = 2000 + yy
  if (DateTime.fromObject({ year, month, day }) > today) year -= 100
  return {
    sex,
    birthDate: DateTime.fromObject({ year, month, day }),
    birthPlaceCode: cf.slice(11, 15),
    isOmocode: cf !== normalizeFiscalCode(value),
  }
}

export interface RegistryData {
  lastName: string
  firstName: string
  sex: 'M' | 'F'
  birthDate: DateTime
  birthPlaceCode?: string | null
}

export type CoherenceProblem = 'last_name' | 'first_name' | 'sex' | 'birth_date' | 'birth_place'

/**
 * Which parts of the registry data the code disagrees with. A code may legitimately
 * disagree (assigned by the Agenzia delle Entrate after a correction): the caller decides
 * whether to block or warn.
 */
export function coherenceProblems(value: string, data: RegistryData): CoherenceProblem[] {
  const cf = deomocode(normalizeFiscalCode(value))
  const problems: CoherenceProblem[] = []
  if (parser.lastNameToCf(data.lastName) !== cf.slice(0, 3)) problems.push('last_name')
  if (parser.firstNameToCf(data.firstName) !== cf.slice(3, 6)) problems.push('first_name')
  const decoded = decodeFiscalCode(cf)
  if (decoded.sex !== data.sex) problems.push('sex')
  if (
    data.birthDate.day !== decoded.birthDate.day ||
    data.birthDate.month !== decoded.birthDate.month ||
    data.birthDate.year % 100 !== decoded.birthDate.year % 100
  ) {
    problems.push('birth_date')
  }
  if (data.birthPlaceCode && data.birthPlaceCode.toUpperCase() !== decoded.birthPlaceCode) {
    problems.push('birth_place')
  }
  return problems
}
