/*
| A section (tab) of the clinical record, described once: its model, how its rows are listed,
| its validator, the checks that need the patient or the database, and how an entry fills the
| edit form. The generic controller and the save action work from this description.
*/
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import type { VineValidator } from '@vinejs/vine'
import type Patient from '#models/patient'
import type { Checked } from '#services/chart/field_errors'

export const SECTION_SLUGS = ['problemi', 'terapie', 'accertamenti', 'misurazioni', 'vaccinazioni', 'esenzioni', 'diario'] as const

export type SectionSlug = (typeof SECTION_SLUGS)[number]

/** Every tab of the chart, attachments included (they have their own controller). */
export const TAB_SLUGS = [...SECTION_SLUGS, 'allegati'] as const

export type TabSlug = (typeof TAB_SLUGS)[number]

export interface ChartSection<Row extends LucidRow = any> {
  slug: SectionSlug
  /** The entity name written in the audit log. */
  entity: string
  model: LucidModel
  validator: VineValidator<any, any>
  /** Optional clean-up of the raw form before validation (e.g. decimal commas). */
  prepare?(raw: Record<string, unknown>): Record<string, unknown>
  /** The rows the tab shows, in the order doctors read them, bounded. */
  list(patientId: number): Promise<Row[]>
  /** Model attributes from the validated input, or the errors of the checks VineJS cannot do. */
  attributes(input: any, patient: Patient): Promise<Checked<Record<string, unknown>>>
  /** The values of the edit form for an existing entry. */
  formValues(entry: Row): Record<string, unknown>
}

/** Rows listed per tab: enough for any real record, bounded so a page never explodes. */
export const LIST_LIMIT = 200

export function isSectionSlug(value: unknown): value is SectionSlug {
  return typeof value === 'string' && (SECTION_SLUGS as readonly string[]).includes(value)
}
