/*
| What the doctor sees on opening a chart: one small indexed query per block.
*/
import db from '@adonisjs/lucid/services/db'
import type Patient from '#models/patient'
import Problem from '#models/problem'
import Therapy from '#models/therapy'
import DiaryEntry from '#models/diary_entry'
import PatientExemption from '#models/patient_exemption'
import Measurement from '#models/measurement'

export async function chartSummary(patient: Patient) {
  const [activeProblems, continuativeTherapies, diary, exemptions, latestMeasurements] = await Promise.all([
    Problem.query().where('patient_id', patient.id).where('status', 'active').orderBy('onset_date', 'desc').limit(20),
    Therapy.query()
      .where('patient_id', patient.id)
      .where('is_continuative', true)
      .whereNull('end_date')
      .orderBy('start_date', 'desc')
      .limit(20),
    DiaryEntry.query().where('patient_id', patient.id).orderBy('entry_date', 'desc').orderBy('id', 'desc').limit(5),
    PatientExemption.query().where('patient_id', patient.id).orderBy('code').limit(10),
    latestPerKind(patient.id),
  ])
  return { activeProblems, continuativeTherapies, diary, exemptions, latestMeasurements }
}

/** The most recent measurement of each kind (the patients have a few dozen at most). */
async function latestPerKind(patientId: number) {
  const rows = await Measurement.query().where('patient_id', patientId).orderBy('measured_at', 'desc').limit(60)
  const seen = new Set<string>()
  return rows.filter((m) => (seen.has(m.kind) ? false : (seen.add(m.kind), true)))
}

export async function doctorName(patient: Patient) {
  if (!patient.doctorId) return null
  const row = await db.from('users').where('id', patient.doctorId).select('first_name', 'last_name').first()
  return row ? `Dott. ${row.first_name} ${row.last_name}` : null
}
