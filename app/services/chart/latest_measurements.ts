/*
| The most recent measurement of each kind, and the BMI from the latest weight and height.
*/
import db from '@adonisjs/lucid/services/db'
import Measurement from '#models/measurement'
import { bmi } from '#services/chart/bmi'

/** One indexed query (patient_id, kind, measured_at): the newest row per kind, ties by id. */
export async function latestMeasurements(patientId: number): Promise<Measurement[]> {
  const newest = db.from('measurements').where('patient_id', patientId).groupBy('kind').select('kind').max('measured_at')
  const rows = await Measurement.query()
    .where('patient_id', patientId)
    .whereIn(['kind', 'measured_at'], newest)
    .orderBy('kind')
    .orderBy('id', 'desc')
  const seen = new Set<string>()
  return rows.filter((m) => !seen.has(m.kind) && seen.add(m.kind))
}

export function bmiOf(latest: Measurement[]) {
  const weight = latest.find((m) => m.kind === 'peso')
  const height = latest.find((m) => m.kind === 'altezza')
  return bmi(weight?.value, height?.value)
}
