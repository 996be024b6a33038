/*
| Shape checks of the registry forms. What needs the database or the codice fiscale
| (coherence, duplicates, comuni, ASL, doctor) follows in services/patients/check_patient.ts.
*/
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { messagesOf } from '#services/i18n'

const optionalText = (max: number) => vine.string().trim().maxLength(max).optional()
// Letters of any alphabet, blanks, apostrophes, dots and dashes: "D'Angelo", "Maria Teresa".
const personName = () => vine.string().trim().minLength(1).maxLength(80).regex(/^[\p{L}\p{M}][\p{L}\p{M}' ’.-]*$/u)
const place = () => vine.string().trim().maxLength(140).optional()
const cap = () => vine.string().trim().regex(/^\d{5}$/).optional()
const phone = () => vine.string().trim().maxLength(30).regex(/^\+?[0-9][0-9 ./-]{4,24}[0-9]$/).optional()
const date = () => vine.date({ formats: ['YYYY-MM-DD', 'DD/MM/YYYY'] })

export const patientValidator = vine.create({
  fiscal_code: vine.string().trim().minLength(1).maxLength(40),
  last_name: personName(),
  first_name: personName(),
  sex: vine.enum(['M', 'F']),
  birth_date: date(),
  birth_place_code: place(),
  residence_address: optionalText(200),
  residence_comune_code: place(),
  residence_cap: cap(),
  domicile_address: optionalText(200),
  domicile_comune_code: place(),
  domicile_cap: cap(),
  asl_code: vine.string().trim().regex(/^\d{6}$/).optional(),
  doctor_id: vine.number().positive().withoutDecimals().optional(),
  phone: phone(),
  mobile: phone(),
  email: vine.string().trim().maxLength(254).email().optional(),
  status: vine.enum(['active', 'revoked', 'deceased']),
  status_date: date().optional(),
  notes: optionalText(2000),
})

/** Parents and reference persons; fields prefixed so they never mix with the registry form's. */
export const contactValidator = vine.create({
  contact_kind: vine.enum(['parent', 'reference']),
  contact_name: vine.string().trim().minLength(1).maxLength(160),
  contact_relation: optionalText(60),
  contact_phone: phone(),
  contact_email: vine.string().trim().maxLength(254).email().optional(),
})

let provider: SimpleMessagesProvider | null = null

/** The generic Italian messages, with clearer ones for the registry fields (patients.messages). */
export function patientMessages() {
  provider ??= new SimpleMessagesProvider(
    { ...messagesOf('validation'), ...nested(messagesOf('patients'), 'messages.') },
    { ...messagesOf('fields'), ...nested(messagesOf('patients'), 'field_names.') }
  )
  return provider
}

function nested(messages: Record<string, string>, prefix: string) {
  return Object.fromEntries(
    Object.entries(messages)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v])
  )
}
