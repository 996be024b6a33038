/*
| What a section's fragment needs: its rows, the edit form's values, and per section the
| extras (problems to link, charts, BMI).
*/
import { DateTime } from 'luxon'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import type Patient from '#models/patient'
import Problem from '#models/problem'
import type Measurement from '#models/measurement'
import { translate as t } from '#services/i18n'
import type { FieldErrors } from '#services/chart/field_errors'
import type { ChartSection } from '#services/chart/sections/section'
import { measurementCharts } from '#services/chart/measurement_chart'
import { bmi } from '#services/chart/bmi'
import { kindLabel, MEASUREMENT_KINDS, OTHER_KIND } from '#services/chart/measurement_kinds'

export interface SectionViewOptions {
  errors?: FieldErrors
  /** What the user typed (re-shown after an error). */
  values?: Record<string, unknown>
  /** The entry being edited, if any. */
  editing?: (LucidRow & { id: number }) | null
  /** An error of a row's quick action (resolve, stop). */
  rowError?: { entryId: number; message: string } | null
}

const LINKED_SECTIONS = ['terapie', 'accertamenti', 'diario']

function problemChoices(patientId: number) {
  return Problem.query()
    .where('patient_id', patientId)
    .orderBy('status', 'asc')
    .orderBy('onset_date', 'desc')
    .select('id', 'icd9_code', 'description', 'status')
    .limit(100)
}

export async function sectionView(section: ChartSection, patient: Patient, options: SectionViewOptions = {}) {
  const [entries, problems] = await Promise.all([
    section.list(patient.id),
    LINKED_SECTIONS.includes(section.slug) ? problemChoices(patient.id) : Promise.resolve([] as Problem[]),
  ])
  const editing = options.editing ?? null
  const now = DateTime.now()
  return {
    patient,
    tab: section.slug,
    today: now.toISODate(),
    nowLocal: now.toFormat("yyyy-MM-dd'T'HH:mm"),
    entries,
    errors: options.errors ?? {},
    // After an error the typed values win; otherwise the edited entry fills the form.
    values: options.values ?? (editing ? section.formValues(editing) : {}),
    editing,
    rowError: options.rowError ?? null,
    problemOptions: [{ value: '', label: t('chart.no_problem') }].concat(
      problems.map((p) => ({
        value: String(p.id),
        label: `${p.icd9Code ? p.icd9Code + ' – ' : ''}${p.description}${p.status === 'inactive' ? ' (' + t('chart.problems.inactive') + ')' : ''}`,
      }))
    ),
    problemNames: Object.fromEntries(problems.map((p) => [p.id, p.description])),
    ...(section.slug === 'misurazioni' ? measurementExtras(entries as Measurement[]) : {}),
  }
}

function measurementExtras(entries: Measurement[]) {
  const height = entries.find((m) => m.kind === 'altezza')?.value
  return {
    kindLabel,
    charts: measurementCharts(entries),
    kindOptions: Object.entries(MEASUREMENT_KINDS)
      .map(([key, kind]) => ({ value: key, label: `${t('chart.kinds.' + key)} (${kind.unit})` }))
      .concat([{ value: OTHER_KIND, label: t('chart.kinds.altro') }]),
    // BMI next to each weight, with the latest height.
    bmiByEntry: Object.fromEntries(entries.filter((m) => m.kind === 'peso').map((m) => [m.id, bmi(m.value, height)])),
  }
}
