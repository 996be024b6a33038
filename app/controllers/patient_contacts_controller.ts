import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Patient from '#models/patient'
import PatientContact from '#models/patient_contact'
import PatientPolicy from '#policies/patient_policy'
import { contactValidator, patientMessages } from '#validators/patient'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'

/** Parents and reference persons of a patient (on the registry page). */
export default class PatientContactsController {
  async store(ctx: HttpContext) {
    const { params, request, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const patient = await Patient.findOrFail(params.id)
    const back = `/pazienti/${patient.id}/anagrafica#persone`
    let data
    try {
      data = await contactValidator.validate(request.all(), { messagesProvider: patientMessages() })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string> = {}
      for (const m of error.messages as { field: string; message: string }[]) fieldErrors[m.field] ??= m.message
      flashFieldErrors(session, fieldErrors)
      session.flash('error', t('patients.contact_errors'))
      return response.redirect(back)
    }
    const contact = await PatientContact.create({
      patientId: patient.id,
      kind: data.contact_kind,
      name: data.contact_name,
      relation: data.contact_relation ?? null,
      phone: data.contact_phone ?? null,
      email: data.contact_email ?? null,
    })
    await audit(ctx, {
      action: 'create',
      entity: 'patient_contact',
      entityId: contact.id,
      patientId: patient.id,
      details: { fields: Object.keys(data).filter((k) => data[k as keyof typeof data]) },
    })
    session.flash('success', t('patients.contact_added'))
    return response.redirect(back)
  }

  async destroy(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const contact = await PatientContact.query().where('id', params.contactId).where('patient_id', params.id).firstOrFail()
    await contact.delete()
    await audit(ctx, { action: 'delete', entity: 'patient_contact', entityId: contact.id, patientId: contact.patientId })
    session.flash('success', t('patients.contact_removed'))
    return response.redirect(`/pazienti/${params.id}/anagrafica#persone`)
  }
}
