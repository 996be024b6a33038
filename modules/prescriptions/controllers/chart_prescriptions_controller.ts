import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { authorizedPatient } from '#services/chart/chart_access'
import { chartHeader } from '#services/chart/chart_header'
import { preparePrescription } from '../services/prepare_prescription.js'
import { parsePrescriptionForm } from '../validators/prescription_form.js'
import { patientPrescriptions } from '../queries/patient_prescriptions.js'
import { queueSend } from '../services/validate_and_send.js'
import { emailInClearAllowed } from '../services/studio_options.js'

/** The action names fields as the domain does; the form posts them in snake case. */
function formFieldNames(errors: Record<string, string>) {
  const named: Record<string, string> = {}
  for (const [field, message] of Object.entries(errors)) {
    named[field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = message
  }
  return named
}

/** The "Prescrizioni" tab of the chart: the patient's prescriptions and the form to prescribe. */
export default class ChartPrescriptionsController {
  async index(ctx: HttpContext) {
    const patient = await authorizedPatient(ctx, 'viewRecord')
    await audit(ctx, { action: 'read', entity: 'prescription', patientId: patient.id, details: { tab: 'prescrizioni' } })
    const problems = await db.from('problems').where('patient_id', patient.id).where('status', 'active').select('id', 'description').orderBy('id', 'desc').limit(30)
    // The exemptions in force today; with only one, it is the prescription's default.
    const today = new Date().toISOString().slice(0, 10)
    const exemptions = await db
      .from('patient_exemptions')
      .where('patient_id', patient.id)
      .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', today))
      .select('code')
      .limit(20)
    return ctx.view.render('prescriptions::pages/chart_tab', {
      patient,
      header: await chartHeader(patient),
      tab: 'prescrizioni',
      prescriptions: await patientPrescriptions(patient.id),
      problems,
      exemptions: exemptions.map((e) => e.code),
      defaultExemption: exemptions.length === 1 ? exemptions[0].code : '',
      content: ctx.request.input('tipo') === 'prestazioni' ? 'service' : 'drug',
      isDoctor: ctx.auth.user!.role === 'titolare' || ctx.auth.user!.role === 'sostituto',
      deliveries: ['print', 'no_print', 'sms', 'nre_email', 'email', ...((await emailInClearAllowed()) ? ['email_clear'] : []), 'portal'],
    })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const patient = await authorizedPatient(ctx, 'editRecord')
    const input = parsePrescriptionForm(patient.id, request.all())
    const result = await preparePrescription(auth.user!, input)
    const back = `/pazienti/${patient.id}/prescrizioni${input.content === 'service' ? '?tipo=prestazioni' : ''}`
    if (!result.ok) {
      flashFieldErrors(session, formFieldNames(result.errors))
      return response.redirect(back)
    }
    if (result.state === 'VALIDATED') for (const id of result.ids) await queueSend(id)
    const message = ctx.t(result.state === 'VALIDATED' ? 'prescriptions.sent' : 'prescriptions.prepared', { n: result.ids.length, explanation: result.ids.length > 1 ? result.explanation : '' })
    session.flash('success', message.trim())
    return response.redirect(back)
  }
}
