/*
| What the doctor sees on opening a chart, dozens of times a day: one small indexed query per
| block, each bounded, run together.
*/
import { DateTime } from 'luxon'
import type Patient from '#models/patient'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import DiaryEntry from '#models/diary_entry'
import { bmiOf, latestMeasurements } from '#services/chart/latest_measurements'

const SUMMARY_ROWS = 15
const RECENT_DIARY = 5

/**
 * Allergies, intolerances and adverse reactions recorded as problems: ICD9-CM V14/V15.0
 * (allergy history), 995.0–995.3 (anaphylaxis, drug reactions, allergy), 693 (drug dermatitis),
 * or words in the description.
 */
function warnings(patientId: number) {
  return Problem.query()
    .where('patient_id', patientId)
    .where((q) =>
      q
        .where('icd9_code', 'like', 'V14%')
        .orWhere('icd9_code', 'like', 'V15.0%')
        .orWhere('icd9_code', 'like', '995.%')
        .orWhere('icd9_code', 'like', '693%')
        .orWhere('description', 'like', '%allergi%')
        .orWhere('description', 'like', '%intolleran%')
    )
    .orderBy('onset_date', 'desc')
    .limit(SUMMARY_ROWS)
}

export async function chartSummary(patient: Patient) {
  const today = DateTime.now().toISODate()
  const [activeProblems, continuativeTherapies, latest, diary, allergies] = await Promise.all([
    Problem.query().where('patient_id', patient.id).where('status', 'active').orderBy('onset_date', 'desc').limit(SUMMARY_ROWS),
    Therapy.query()
      .where('patient_id', patient.id)
      .where('is_continuative', true)
      .where((q) => q.whereNull('end_date').orWhere('end_date', '>', today)) // stopped on its end date
      .orderBy('start_date', 'desc')
      .limit(SUMMARY_ROWS),
    latestMeasurements(patient.id),
    DiaryEntry.query().where('patient_id', patient.id).orderBy('entry_date', 'desc').orderBy('id', 'desc').limit(RECENT_DIARY),
    warnings(patient.id),
  ])
  return {
    activeProblems,
    continuativeTherapies,
    latestMeasurements: latest,
    bmi: bmiOf(latest),
    diary,
    allergies,
  }
}
