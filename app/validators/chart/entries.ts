import vine from '@vinejs/vine'

const date = () => vine.date({ formats: ['YYYY-MM-DD'] })
const text = (max: number) => vine.string().trim().maxLength(max)
const problemRef = () => vine.number().positive().optional()

/** One validator per section of the clinical record (the form field names are snake_case). */
export const chartValidators = {
  problemi: vine.create({
    icd9_code: vine.string().trim().toUpperCase().regex(/^E?[V0-9][0-9]{1,2}(\.[0-9]{0,2})?$/).optional(),
    description: text(300).minLength(2),
    status: vine.enum(['active', 'inactive']).optional(),
    onset_date: date(),
    resolved_date: date().optional(),
    notes: text(2000).optional(),
  }),
  terapie: vine.create({
    drug_name: text(200).minLength(2),
    aic: vine.string().trim().regex(/^\d{9}$/).optional(),
    active_ingredient: text(200).optional(),
    posology: text(300).optional(),
    is_continuative: vine.boolean().optional(),
    problem_id: problemRef(),
    start_date: date(),
    end_date: date().optional(),
    notes: text(2000).optional(),
  }),
  accertamenti: vine.create({
    name: text(200).minLength(2),
    requested_on: date(),
    result_on: date().optional(),
    result: text(5000).optional(),
    problem_id: problemRef(),
  }),
  misurazioni: vine.create({
    kind: vine.string().trim().toLowerCase().minLength(2).maxLength(40),
    value: vine.number(),
    value2: vine.number().optional(),
    unit: text(20).optional(),
    measured_at: date(),
    source: vine.enum(['doctor', 'patient']).optional(),
    notes: text(300).optional(),
  }),
  vaccinazioni: vine.create({
    vaccine: text(200).minLength(2),
    dose: text(40).optional(),
    administered_on: date(),
    lot: text(40).optional(),
    notes: text(300).optional(),
  }),
  esenzioni: vine.create({
    code: vine.string().trim().toUpperCase().regex(/^[A-Z0-9.]{2,10}$/),
    description: text(300).optional(),
    valid_from: date().optional(),
    valid_to: date().optional(),
  }),
  diario: vine.create({
    entry_date: date(),
    text: text(10000).minLength(1),
    problem_id: problemRef(),
  }),
}

export type ChartSlug = keyof typeof chartValidators
