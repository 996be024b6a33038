/*
| Every chart request starts here: the patient of the URL, and the right to see or change his
| record (PatientPolicy). Also how a request asks for a fragment rather than a page.
*/
import type { HttpContext } from '@adonisjs/core/http'
import Patient from '#models/patient'
import PatientPolicy from '#policies/patient_policy'

export async function authorizedPatient({ params, bouncer }: HttpContext, ability: 'viewRecord' | 'editRecord') {
  const patient = await Patient.findOrFail(params.id)
  await bouncer.with(PatientPolicy).authorize(ability, patient)
  return patient
}

/** htmx asks for the fragment; its history restore (back button) needs the whole page. */
export function wantsFragment({ request }: HttpContext) {
  return request.header('HX-Request') === 'true' && request.header('HX-History-Restore-Request') !== 'true'
}
