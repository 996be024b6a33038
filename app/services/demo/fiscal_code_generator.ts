/*
| Computes real codici fiscali for demo patients (the standard algorithm, through the same
| library the registry validates with), with omocodia to keep them unique.
*/
import { CheckDigitizer, Parser } from '@marketto/codice-fiscale-utils'
import { belfioreConnector } from '@marketto/belfiore-connector-embedded'

const parser = new Parser(belfioreConnector)
const MONTHS = 'ABCDEHLMPRST'
const OMOCODE_LETTERS = 'LMNPQRSTUV'
const OMOCODE_POSITIONS = [14, 13, 12, 10, 9, 7, 6]
const nameCache = new Map<string, string>()

function cached(kind: 'l' | 'f', name: string) {
  const key = kind + name
  let code = nameCache.get(key)
  if (!code) {
    code = (kind === 'l' ? parser.lastNameToCf(name) : parser.firstNameToCf(name)) ?? 'XXX'
    nameCache.set(key, code)
  }
  return code
}

export function fiscalCodeFor(p: { lastName: string; firstName: string; sex: 'M' | 'F'; birthDate: Date; placeCode: string }) {
  const d = p.birthDate
  const day = d.getUTCDate() + (p.sex === 'F' ? 40 : 0)
  return withCheck(
    cached('l', p.lastName) +
      cached('f', p.firstName) +
      String(d.getUTCFullYear() % 100).padStart(2, '0') +
      MONTHS[d.getUTCMonth()] +
      String(day).padStart(2, '0') +
      p.placeCode
  )
}

function withCheck(first15: string) {
  return first15 + CheckDigitizer.checkDigit(first15)
}

/** The next omocodic variant (Agenzia delle Entrate's rule: replace digits from the right). */
export function omocode(cf: string, level: number) {
  const chars = cf.slice(0, 15).split('')
  for (const pos of OMOCODE_POSITIONS.slice(0, level)) {
    const digit = Number(chars[pos])
    if (!Number.isNaN(digit)) chars[pos] = OMOCODE_LETTERS[digit]
  }
  return withCheck(chars.join(''))
}
