import PatientExemption from '#models/patient_exemption'
import type Patient from '#models/patient'
import { exemptionValidator } from '#validators/chart/exemption'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkAfterBirth, checkOrder, toDay } from '#services/chart/date_rules'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const exemptions: ChartSection<PatientExemption> = {
  slug: 'esenzioni',
  entity: 'exemption',
  model: PatientExemption,
  validator: exemptionValidator,

  list(patientId) {
    return PatientExemption.query().where('patient_id', patientId).orderBy('code', 'asc').limit(LIST_LIMIT)
  },

  // Validity may lie in the future (an exemption granted from next month).
  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const from = toDay(input.valid_from)
    const to = toDay(input.valid_to)
    checkAfterBirth(errors, 'valid_from', from, patient)
    checkOrder(errors, 'valid_to', from, to, 'chart.dates.end_before_start')
    if (hasErrors(errors)) return { ok: false, errors }
    return { ok: true, data: { code: input.code, description: input.description ?? null, validFrom: from, validTo: to } }
  },

  formValues(e) {
    return {
      code: e.code,
      description: e.description ?? '',
      valid_from: e.validFrom?.toISODate() ?? '',
      valid_to: e.validTo?.toISODate() ?? '',
    }
  },
}
