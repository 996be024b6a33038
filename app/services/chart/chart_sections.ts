/*
| The sections (tabs) of the clinical record: which model each uses, how its rows are
| listed, and the checks the validators cannot do alone (dates against today and the
| birth date, plausible measurement ranges, problems of the same patient).
*/
import { DateTime } from 'luxon'
import type Patient from '#models/patient'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import Exam from '#models/exam'
import Measurement from '#models/measurement'
import Vaccination from '#models/vaccination'
import PatientExemption from '#models/patient_exemption'
import DiaryEntry from '#models/diary_entry'
import { MEASUREMENT_KINDS } from '#services/chart/measurement_kinds'
import type { ChartSlug } from '#validators/chart/entries'
import { translate as t } from '#services/i18n'

export const SECTION_SLUGS: ChartSlug[] = ['problemi', 'terapie', 'accertamenti', 'misurazioni', 'vaccinazioni', 'esenzioni', 'diario']

const MODELS = {
  problemi: Problem,
  terapie: Therapy,
  accertamenti: Exam,
  misurazioni: Measurement,
  vaccinazioni: Vaccination,
  esenzioni: PatientExemption,
  diario: DiaryEntry,
} as const

const ENTITIES: Record<ChartSlug, string> = {
  problemi: 'problem',
  terapie: 'therapy',
  accertamenti: 'exam',
  misurazioni: 'measurement',
  vaccinazioni: 'vaccination',
  esenzioni: 'exemption',
  diario: 'diary_entry',
}

const ORDER: Record<ChartSlug, [string, 'asc' | 'desc'][]> = {
  problemi: [['status', 'asc'], ['onset_date', 'desc']],
  terapie: [['is_continuative', 'desc'], ['start_date', 'desc']],
  accertamenti: [['requested_on', 'desc']],
  misurazioni: [['measured_at', 'desc']],
  vaccinazioni: [['administered_on', 'desc']],
  esenzioni: [['code', 'asc']],
  diario: [['entry_date', 'desc'], ['id', 'desc']],
}

export function modelOf(slug: ChartSlug) {
  return MODELS[slug] as any
}

export function entityOf(slug: ChartSlug) {
  return ENTITIES[slug]
}

export async function listSection(slug: ChartSlug, patientId: number, limit = 200) {
  const query = modelOf(slug).query().where('patient_id', patientId)
  for (const [column, direction] of ORDER[slug]) query.orderBy(column, direction)
  return query.limit(limit)
}

/** Problems of the patient, for the "associated problem" choices. */
export function problemChoices(patientId: number) {
  return Problem.query().where('patient_id', patientId).orderBy('status').orderBy('onset_date', 'desc').limit(100)
}

type Errors = Record<string, string>

function day(value: Date | undefined | null) {
  return value ? DateTime.fromJSDate(value).startOf('day') : null
}

/** A date that cannot be in the future nor before the patient was born. */
function checkPastDate(errors: Errors, field: string, value: DateTime | null, patient: Patient) {
  if (!value) return
  if (value > DateTime.now().endOf('day')) errors[field] = t('chart.date_future')
  else if (value < patient.birthDate.startOf('day')) errors[field] = t('chart.date_before_birth')
}

/** Model attributes from validated input, or the field errors. */
export async function attributesFor(
  slug: ChartSlug,
  input: Record<string, any>,
  patient: Patient
): Promise<{ ok: true; attributes: Record<string, any> } | { ok: false; errors: Errors }> {
  const errors: Errors = {}
  let attributes: Record<string, any> = {}

  if (input.problem_id) {
    const problem = await Problem.query().where('id', input.problem_id).where('patient_id', patient.id).first()
    if (!problem) errors.problem_id = t('chart.problem_unknown')
  }

  switch (slug) {
    case 'problemi': {
      const onset = day(input.onset_date)
      const resolved = day(input.resolved_date)
      checkPastDate(errors, 'onset_date', onset, patient)
      checkPastDate(errors, 'resolved_date', resolved, patient)
      if (onset && resolved && resolved < onset) errors.resolved_date = t('chart.resolved_before_onset')
      attributes = {
        icd9Code: input.icd9_code ?? null,
        description: input.description,
        status: resolved ? 'inactive' : (input.status ?? 'active'),
        onsetDate: onset,
        resolvedDate: resolved,
        notes: input.notes ?? null,
      }
      break
    }
    case 'terapie': {
      const start = day(input.start_date)
      const end = day(input.end_date)
      if (start && start < patient.birthDate) errors.start_date = t('chart.date_before_birth')
      if (start && end && end < start) errors.end_date = t('chart.end_before_start')
      attributes = {
        drugName: input.drug_name,
        aic: input.aic ?? null,
        activeIngredient: input.active_ingredient ?? null,
        posology: input.posology ?? null,
        isContinuative: Boolean(input.is_continuative),
        problemId: input.problem_id ?? null,
        startDate: start,
        endDate: end,
        notes: input.notes ?? null,
      }
      break
    }
    case 'accertamenti': {
      const requested = day(input.requested_on)
      const result = day(input.result_on)
      checkPastDate(errors, 'requested_on', requested, patient)
      checkPastDate(errors, 'result_on', result, patient)
      if (requested && result && result < requested) errors.result_on = t('chart.result_before_request')
      attributes = {
        name: input.name,
        requestedOn: requested,
        resultOn: result,
        result: input.result ?? null,
        problemId: input.problem_id ?? null,
      }
      break
    }
    case 'misurazioni': {
      const at = day(input.measured_at)
      checkPastDate(errors, 'measured_at', at, patient)
      const kind = MEASUREMENT_KINDS[input.kind]
      if (kind) {
        if (input.value < kind.min || input.value > kind.max) {
          errors.value = t('chart.value_out_of_range', { min: kind.min, max: kind.max, unit: kind.unit })
        }
        if (kind.second) {
          if (input.value2 === undefined) errors.value2 = t('chart.value2_required')
          else if (input.value2 < kind.second.min || input.value2 > kind.second.max || input.value2 >= input.value) {
            errors.value2 = t('chart.value2_out_of_range', { min: kind.second.min, max: kind.second.max })
          }
        }
      }
      attributes = {
        kind: input.kind,
        value: input.value,
        value2: kind?.second ? input.value2 : (input.value2 ?? null),
        unit: input.unit ?? kind?.unit ?? null,
        measuredAt: at,
        source: input.source ?? 'doctor',
        notes: input.notes ?? null,
      }
      break
    }
    case 'vaccinazioni': {
      const given = day(input.administered_on)
      checkPastDate(errors, 'administered_on', given, patient)
      attributes = {
        vaccine: input.vaccine,
        dose: input.dose ?? null,
        administeredOn: given,
        lot: input.lot ?? null,
        notes: input.notes ?? null,
      }
      break
    }
    case 'esenzioni': {
      const from = day(input.valid_from)
      const to = day(input.valid_to)
      if (from && to && to < from) errors.valid_to = t('chart.end_before_start')
      attributes = { code: input.code, description: input.description ?? null, validFrom: from, validTo: to }
      break
    }
    case 'diario': {
      const date = day(input.entry_date)
      checkPastDate(errors, 'entry_date', date, patient)
      attributes = { entryDate: date, text: input.text, problemId: input.problem_id ?? null }
      break
    }
  }
  if (Object.keys(errors).length) return { ok: false, errors }
  return { ok: true, attributes }
}
