/*
| The patient header shown on every page of the chart: who the patient is and how to reach
| them, the doctor, the exemptions in force.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type Patient from '#models/patient'
import PatientExemption from '#models/patient_exemption'
import PatientContact from '#models/patient_contact'

export async function chartHeader(patient: Patient) {
  const today = DateTime.now().toISODate()
  const [doctor, exemptions, contacts] = await Promise.all([
    patient.doctorId
      ? db.from('users').where('id', patient.doctorId).select('first_name', 'last_name').first()
      : Promise.resolve(null),
    PatientExemption.query()
      .where('patient_id', patient.id)
      .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', today))
      .orderBy('code')
      .limit(10),
    PatientContact.query().where('patient_id', patient.id).orderBy('kind').orderBy('id').limit(5),
  ])
  return {
    doctorName: doctor ? `${doctor.last_name} ${doctor.first_name}` : null,
    exemptions,
    contacts,
  }
}
