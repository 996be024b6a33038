/*
| Formal checks of the SAC request fields (spec §4): the client runs them before a call, the
| simulator repeats them the way the service does.
*/

const CF_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

function rank(char: string) {
  const code = char.charCodeAt(0)
  return code <= 57 ? code - 48 : code - 65
}

/** Spec §4.2: the check letter of the first 15 characters, as written (omocodia included). */
export function cfCheckChar(first15: string): string {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const r = rank(first15[i])
    sum += i % 2 === 0 ? ODD[r] : r
  }
  return String.fromCharCode(65 + (sum % 26))
}

export function isFiscalCodeShape(cf: string) {
  return CF_PATTERN.test(cf)
}

export function isValidFiscalCode(cf: string) {
  return CF_PATTERN.test(cf) && cfCheckChar(cf.slice(0, 15)) === cf[15]
}

/** STP / ENI codes of foreigners without an SSN card (spec §4.1). */
export function isStpEni(code: string) {
  return /^(STP|ENI)[0-9A-Z]{13}$/.test(code)
}

export const NRE_PATTERN = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/
export const ASL_PATTERN = /^[0-9]{3}$/
export const REGION_PATTERN = /^[0-9]{3}$/
export const COMPILED_AT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/
export const QUANTITY_PATTERN = /^[0-9]$/
export const PROVINCE_PATTERN = /^[A-Z]{2}$/

/** tipoRic values the SAC accepts (spec §4.7); `AD` is regional only. */
export const TIPO_RIC = ['', 'EE', 'UE', 'NA', 'ND', 'NE', 'NX', 'ST']

/** tipoRic values of foreign insured persons, who have no CF in codiceAss. */
export const FOREIGN_TIPO_RIC = ['EE', 'UE', 'NE', 'NX']

/** Spec §6.8 [P]: the white electronic prescription's number (its PIN is `[A-Z0-9]{5}`). */
export const NRBE_PATTERN = /^[A-Z][0-9]{11}$/

/** Spec §4.5: the red pad sheet's two codes, region + year and pad + counter + control digit. */
export const BAR1_PATTERN = /^[0-9]{5}$/
export const BAR2_PATTERN = /^[0-9]{10}$/
