/*
| What the doctors type in the patient search box, as they type it in the desktop program:
| "ros" (surname prefix), "rossi ma" (surname and first-name prefixes), "R.M." (initials),
| "RSSMRA80A01H501U" (codice fiscale, whole or its first characters), "1956" (birth year),
| and combinations like "rossi 1956" or "de luca an 1970".
*/
import { searchKey } from '#services/patients/search_key'

export interface PatientQuery {
  lastNamePrefix?: string
  firstNamePrefix?: string
  fiscalCode?: string
  fiscalCodePrefix?: string
  birthYear?: number
  /** What to search when this query finds nobody: six letters may be a CF start, not a surname. */
  fallback?: PatientQuery
}

const D = '[0-9LMNPQRSTUV]' // a digit or its omocodia letter
const FULL_CF = new RegExp(`^[A-Z]{6}${D}{2}[ABCDEHLMPRST]${D}{2}[A-Z]${D}{3}[A-Z]$`)
// The date and place part of a CF after the six name letters, as far as it was typed.
const CF_TAIL = new RegExp(`^(${D}(${D}([ABCDEHLMPRST](${D}(${D}([A-Z](${D}(${D}(${D}[A-Z]?)?)?)?)?)?)?)?)?)?$`)
// Three letters of a CF name part: consonants first, then vowels, then X padding.
const CF_NAME_PART = /^[B-DF-HJ-NP-TV-Z]*[AEIOU]*X*$/
const YEAR = /^(18|19|20)\d{2}$/
// Surname particles: "de luca" is one surname, not surname "de" and name "luca".
const PARTICLES = new Set(['DE', 'DI', 'DA', 'DEL', 'DELLA', 'DELLE', 'DELLO', 'DEGLI', 'DEI', 'DAL', 'DALLA', 'DALL', 'DELL', 'LA', 'LO', 'LE', 'LI', 'SAN', 'SANTA', 'SANTO', 'VAN', 'VON', 'MC', 'MAC'])

/** Six letters that could be the name part of a CF (RSSMRA), followed by a CF's start. */
function looksLikeFiscalCodeStart(token: string) {
  if (!/^[A-Z]{6}/.test(token)) return false
  return CF_NAME_PART.test(token.slice(0, 3)) && CF_NAME_PART.test(token.slice(3, 6)) && CF_TAIL.test(token.slice(6))
}

export function parsePatientQuery(input: string): PatientQuery {
  const raw = input.normalize('NFC').trim().toUpperCase()
  if (!raw) return {}

  const query: PatientQuery = {}
  const words: string[] = []
  for (const token of raw.split(/[\s,;]+/).filter(Boolean)) {
    // Initials: "R.M." or "R.M" (with a blank, "R. M." arrives as two one-letter words)
    const initials = token.match(/^([A-Z])\.([A-Z])\.?$/)
    if (initials) {
      words.push(initials[1], initials[2])
    } else if (YEAR.test(token)) {
      query.birthYear = Number(token)
    } else if (FULL_CF.test(token)) {
      query.fiscalCode = token
    } else if (token.length >= 6 && /\d/.test(token) && looksLikeFiscalCodeStart(token)) {
      query.fiscalCodePrefix = token
    } else if (token.length >= 7 && looksLikeFiscalCodeStart(token)) {
      // omocodic start without digits (RSSMRAUL): no surname looks like this
      query.fiscalCodePrefix = token
    } else {
      words.push(token)
    }
  }

  const names = nameWords(words)
  if (names.length === 1) {
    query.lastNamePrefix = names[0]
  } else if (names.length >= 2) {
    // Like the desktop program: the last word is the first name, the others the surname.
    query.lastNamePrefix = names.slice(0, -1).join('')
    query.firstNamePrefix = names[names.length - 1]
  }

  // Six letters alone are a surname prefix; if nobody has that surname they may be a CF start.
  if (names.length === 1 && words.length === 1 && words[0].length === 6 && looksLikeFiscalCodeStart(words[0])) {
    const { lastNamePrefix, ...rest } = query
    query.fallback = { ...rest, fiscalCodePrefix: words[0] }
  }
  return prune(query)
}

/** Search keys of the typed words, with surname particles joined to the word after them. */
function nameWords(words: string[]) {
  const keys: string[] = []
  let pending = ''
  for (const word of words) {
    // "d'angelo" is already one word; "dell' anna" is not
    const key = searchKey(word)
    if (!key) continue
    if (PARTICLES.has(key) || /['’]$/.test(word)) {
      pending += key
      continue
    }
    keys.push(pending + key)
    pending = ''
  }
  if (pending) keys.push(pending)
  return keys
}

function prune(query: PatientQuery): PatientQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as PatientQuery
}

export function isEmptyQuery(query: PatientQuery) {
  return Object.keys(prune(query)).length === 0
}
