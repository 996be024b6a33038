import Vaccination from '#models/vaccination'
import type Patient from '#models/patient'
import { vaccinationValidator } from '#validators/chart/vaccination'
import { hasErrors, type FieldErrors } from '#services/chart/field_errors'
import { checkPastDate, toDay } from '#services/chart/date_rules'
import { LIST_LIMIT, type ChartSection } from '#services/chart/sections/section'

export const vaccinations: ChartSection<Vaccination> = {
  slug: 'vaccinazioni',
  entity: 'vaccination',
  model: Vaccination,
  validator: vaccinationValidator,

  list(patientId) {
    return Vaccination.query().where('patient_id', patientId).orderBy('administered_on', 'desc').orderBy('id', 'desc').limit(LIST_LIMIT)
  },

  async attributes(input, patient: Patient) {
    const errors: FieldErrors = {}
    const given = toDay(input.administered_on)
    checkPastDate(errors, 'administered_on', given, patient)
    if (hasErrors(errors)) return { ok: false, errors }
    return {
      ok: true,
      data: { vaccine: input.vaccine, dose: input.dose ?? null, administeredOn: given, lot: input.lot ?? null, notes: input.notes ?? null },
    }
  },

  formValues(v) {
    return {
      vaccine: v.vaccine,
      dose: v.dose ?? '',
      administered_on: v.administeredOn?.toISODate() ?? '',
      lot: v.lot ?? '',
      notes: v.notes ?? '',
    }
  },
}
