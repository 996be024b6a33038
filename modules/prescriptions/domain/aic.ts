/*
| AIC (Autorizzazione all'Immissione in Commercio) of a drug pack: 9 digits, the last one a
| check digit (spec §4.8, §4.9). An input sanity check only: the drug list is the authority.
*/
import { InvalidCode } from './invalid_code.js'

export const AIC_FORMAT = /^[0-9]{9}$/

/**
 * Blanks removed; the leading `A` printed before the Code 32 (Farmacode) digits on the pack
 * is dropped, so a code copied from the box is accepted as well as a scanned one.
 */
export function normalizeAic(value: string): string {
  return value.replace(/\s+/g, '').replace(/^[Aa](?=[0-9]{9}$)/, '')
}

/** Code 32 rule: digits 2, 4, 6, 8 doubled (digits of the product summed), plus 1, 3, 5, 7; mod 10. */
export function aicCheckDigit(firstEight: string): string {
  if (!/^[0-9]{8}$/.test(firstEight)) {
    throw new InvalidCode('aic', firstEight, `Codice AIC non valido: ${firstEight} (servono 8 cifre per il controllo)`)
  }
  let total = 0
  for (let i = 0; i < 8; i++) {
    const digit = Number(firstEight[i])
    if (i % 2 === 0) {
      total += digit
    } else {
      const doubled = digit * 2
      total += Math.floor(doubled / 10) + (doubled % 10)
    }
  }
  return String(total % 10)
}

/** The Italian message for an invalid AIC, null when form and check digit are right. */
export function aicProblem(value: string): string | null {
  const aic = normalizeAic(value)
  if (!AIC_FORMAT.test(aic)) return `Codice AIC non valido: ${value} (devono essere 9 cifre)`
  const expected = aicCheckDigit(aic.slice(0, 8))
  if (aic[8] !== expected) return `Codice AIC non valido: ${value} (cifra di controllo errata)`
  return null
}

export function isValidAic(value: string): boolean {
  return aicProblem(value) === null
}

/** The normalized AIC, or an InvalidCode with the Italian message. */
export function assertValidAic(value: string): string {
  const problem = aicProblem(value)
  if (problem) throw new InvalidCode('aic', value, problem)
  return normalizeAic(value)
}
