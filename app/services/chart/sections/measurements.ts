import Measurement from '#models/measurement'
import type Patient from '#models/patient'
import { measurementValidator } from '#validators/chart/measurement'
import { translate as t } from '#services/i18n'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkPastDate, toMoment } from '#services/chart/date_rules'
import { COMPUTED_KINDS, isKnownKind, MEASUREMENT_KINDS, OTHER_KIND } from '#services/chart/measurement_kinds'
import type { ChartSection } from '#services/chart/sections/section'

/** Enough points for years of home blood-pressure readings. */
const MEASUREMENT_LIMIT = 500

/** The kind stored: a known one, or the free name typed with "altro". */
function kindOf(input: { kind: string; other_kind?: string }, errors: FieldErrors) {
  if (input.kind !== OTHER_KIND) return input.kind
  if (!input.other_kind) {
    errors.other_kind = t('chart.validation.other_kind_required')
    return null
  }
  return input.other_kind.toLowerCase()
}

function checkRanges(errors: FieldErrors, kind: string, value: number, value2: number | undefined) {
  const known = MEASUREMENT_KINDS[kind]
  if (!known) return
  if (value < known.min || value > known.max) {
    errors.value = t('chart.validation.value_out_of_range', { min: known.min, max: known.max, unit: known.unit })
  }
  if (!known.second) return
  if (value2 === undefined) errors.value2 = t('chart.validation.value2_required')
  else if (value2 < known.second.min || value2 > known.second.max || value2 >= value) {
    errors.value2 = t('chart.validation.value2_out_of_range', { min: known.second.min, max: known.second.max })
  }
}

export const measurements: ChartSection<Measurement> = {
  slug: 'misurazioni',
  entity: 'measurement',
  model: Measurement,
  validator: measurementValidator,

  // Italians write 37,5: accept the decimal comma.
  prepare(raw) {
    const decimal = (v: unknown) => (typeof v === 'string' ? v.trim().replace(',', '.') : v)
    return { ...raw, value: decimal(raw.value), value2: decimal(raw.value2) }
  },

  list(patientId) {
    return Measurement.query().where('patient_id', patientId).orderBy('measured_at', 'desc').orderBy('id', 'desc').limit(MEASUREMENT_LIMIT)
  },

  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const kind = kindOf(input, errors)
    if (kind && COMPUTED_KINDS.includes(kind)) errors[input.kind === OTHER_KIND ? 'other_kind' : 'kind'] = t('chart.validation.bmi_computed')
    if (kind) checkRanges(errors, kind, input.value, input.value2)
    const at = toMoment(input.measured_at)
    checkPastDate(errors, 'measured_at', at, patient)
    if (hasErrors(errors) || !kind) return { ok: false, errors }
    const known = MEASUREMENT_KINDS[kind]
    return {
      ok: true,
      data: {
        kind,
        value: input.value,
        value2: known && !known.second ? null : (input.value2 ?? null),
        unit: known ? known.unit : (input.unit ?? null),
        measuredAt: at,
        source: input.source ?? 'doctor',
        notes: input.notes ?? null,
      },
    }
  },

  formValues(m) {
    const known = isKnownKind(m.kind)
    return {
      kind: known ? m.kind : OTHER_KIND,
      other_kind: known ? '' : m.kind,
      value: m.value,
      value2: m.value2 ?? '',
      unit: known ? '' : (m.unit ?? ''),
      measured_at: m.measuredAt?.toFormat("yyyy-MM-dd'T'HH:mm") ?? '',
      source: m.source,
      notes: m.notes ?? '',
    }
  },
}
