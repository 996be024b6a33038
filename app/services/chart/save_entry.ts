/*
| Adds or changes an entry of a chart section: shape validation, the section's own checks,
| then the write, always bound to the patient of the URL.
*/
import type { LucidRow } from '@adonisjs/lucid/types/model'
import type Patient from '#models/patient'
import { validateInput, type FieldErrors } from '#services/chart/field_errors'
import type { ChartSection } from '#services/chart/sections/section'

export type SaveResult = { ok: true; entry: LucidRow & { id: number }; created: boolean } | { ok: false; errors: FieldErrors }

export async function saveEntry(
  section: ChartSection,
  patient: Patient,
  raw: Record<string, unknown>,
  options: { entry?: LucidRow; userId: number }
): Promise<SaveResult> {
  const input = await validateInput<Record<string, unknown>>(section.validator, section.prepare ? section.prepare(raw) : raw)
  if (!input.ok) return input
  const checked = await section.attributes(input.data, patient)
  if (!checked.ok) return checked
  const entry = (options.entry ?? new section.model()) as any
  const created = !options.entry
  entry.merge({ ...checked.data, patientId: patient.id })
  if (created) entry.createdBy = options.userId
  await entry.save()
  return { ok: true, entry, created }
}

/** An entry of this section that belongs to this patient, or a 404: ids in URLs can be altered. */
export async function findEntry(section: ChartSection, patientId: number, entryId: unknown) {
  const entry = await section.model.query().where('id', Number(entryId)).where('patient_id', patientId).firstOrFail()
  return entry as LucidRow & { id: number }
}
