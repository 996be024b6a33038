import type { HttpContext } from '@adonisjs/core/http'
import Patient from '#models/patient'
import PatientContact from '#models/patient_contact'
import PatientPolicy from '#policies/patient_policy'
import { contactValidator } from '#validators/patient'
import { audit } from '#services/audit_log'

/** Parents and reference persons of a patient. */
export default class PatientContactsController {
  async store(ctx: HttpContext) {
    const { params, request, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const patient = await Patient.findOrFail(params.id)
    const data = await request.validateUsing(contactValidator)
    const contact = await PatientContact.create({
      patientId: patient.id,
      kind: data.kind,
      name: data.name,
      relation: data.relation ?? null,
      phone: data.phone ?? null,
      email: data.email ?? null,
    })
    await audit(ctx, { action: 'create', entity: 'patient_contact', entityId: contact.id, patientId: patient.id })
    session.flash('success', t('patients.contact_added'))
    return response.redirect(`/pazienti/${patient.id}/anagrafica`)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const contact = await PatientContact.query().where('id', params.contactId).where('patient_id', params.id).firstOrFail()
    await contact.delete()
    await audit(ctx, { action: 'delete', entity: 'patient_contact', entityId: contact.id, patientId: contact.patientId })
    session.flash('success', t('patients.contact_removed'))
    return response.redirect(`/pazienti/${params.id}/anagrafica`)
  }
}
