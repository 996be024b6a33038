/*
| What the doctors type in the patient search box, as they type it in the desktop program:
| "ros" (surname prefix), "rossi ma" (surname and first-name prefixes), "R.M." (initials),
| "RSSMRA80A01H501U" (codice fiscale, whole or its first characters), "1956" (birth year),
| and combinations like "rossi 1956".
*/
import { searchKey } from '#services/patients/search_key'

export interface PatientQuery {
  lastNamePrefix?: string
  firstNamePrefix?: string
  fiscalCode?: string
  fiscalCodePrefix?: string
  birthYear?: number
}

const FULL_CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
// The first six letters then at least one date character: clearly the start of a CF.
const PARTIAL_CF = /^[A-Z]{6}[0-9LMNPQRSTUV][0-9A-Z]{0,8}$/

export function parsePatientQuery(input: string): PatientQuery {
  const query: PatientQuery = {}
  const raw = input.trim().toUpperCase()
  if (!raw) return query

  // Initials: "R.M." or "R. M." → surname and first name starting with those letters.
  const initials = raw.match(/^([A-Z])\.\s*([A-Z])\.?$/)
  if (initials) {
    return { lastNamePrefix: initials[1], firstNamePrefix: initials[2] }
  }

  const words: string[] = []
  for (const token of raw.split(/[\s,]+/).filter(Boolean)) {
    if (/^\d{4}$/.test(token)) {
      query.birthYear = Number(token)
    } else if (FULL_CF.test(token)) {
      query.fiscalCode = token
    } else if (PARTIAL_CF.test(token) && /\d/.test(token)) {
      query.fiscalCodePrefix = token
    } else {
      words.push(token)
    }
  }
  // "De Luca Maria": the last word is the first name only when three or more words are typed
  // would guess wrong for double surnames; two words mean surname + first name, like the desktop.
  if (words.length === 1) {
    query.lastNamePrefix = searchKey(words[0]) || undefined
  } else if (words.length >= 2) {
    query.firstNamePrefix = searchKey(words[words.length - 1]) || undefined
    query.lastNamePrefix = searchKey(words.slice(0, -1).join('')) || undefined
  }
  return query
}

export function isEmptyQuery(query: PatientQuery) {
  return Object.values(query).every((v) => v === undefined)
}
