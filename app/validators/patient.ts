import vine from '@vinejs/vine'

const optionalText = (max: number) => vine.string().trim().maxLength(max).optional()
const comuneCode = () => vine.string().trim().toUpperCase().regex(/^[A-Z]\d{3}$/).optional()
const cap = () => vine.string().trim().regex(/^\d{5}$/).optional()
const phone = () => vine.string().trim().regex(/^\+?[0-9 ./-]{6,20}$/).optional()

/** The registry form. Coherence checks (CF, dates, duplicates) follow in save_patient.ts. */
export const patientValidator = vine.create({
  fiscal_code: vine.string().trim().toUpperCase().minLength(1).maxLength(16),
  last_name: vine.string().trim().minLength(1).maxLength(80),
  first_name: vine.string().trim().minLength(1).maxLength(80),
  sex: vine.enum(['M', 'F']),
  birth_date: vine.date({ formats: ['YYYY-MM-DD'] }),
  birth_place_code: comuneCode(),
  residence_address: optionalText(200),
  residence_comune_code: comuneCode(),
  residence_cap: cap(),
  domicile_address: optionalText(200),
  domicile_comune_code: comuneCode(),
  domicile_cap: cap(),
  asl_code: vine.string().trim().regex(/^\d{6}$/).optional(),
  doctor_id: vine.number().positive().optional(),
  phone: phone(),
  mobile: phone(),
  email: vine.string().trim().email().maxLength(254).optional(),
  status: vine.enum(['active', 'revoked', 'deceased']),
  status_date: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  notes: optionalText(2000),
})

export const contactValidator = vine.create({
  kind: vine.enum(['parent', 'reference']),
  name: vine.string().trim().minLength(1).maxLength(160),
  relation: optionalText(60),
  phone: phone(),
  email: vine.string().trim().email().maxLength(254).optional(),
})
