import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Patient from '#models/patient'
import PatientPolicy from '#policies/patient_policy'
import { patientMessages, patientValidator } from '#validators/patient'
import { parsePatientQuery, isEmptyQuery } from '#services/patients/parse_patient_query'
import { searchPatients } from '#services/patients/search_patients'
import { savePatient, type SaveResult } from '#services/patients/save_patient'
import { patientFormOptions, patientFormValues } from '#services/patients/patient_form_options'
import { patientAge } from '#services/patients/patient_age'
import { fiscalCodeError } from '#services/patients/check_patient'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'

/** htmx asking for the results only (not a history restore, which needs the whole page). */
function wantsFragment({ request }: HttpContext) {
  return (
    request.header('HX-Request') === 'true' &&
    request.header('HX-History-Restore-Request') !== 'true' &&
    request.header('HX-Request-Type') !== 'full'
  )
}

export default class PatientsController {
  /** GET /pazienti?q=&scope=active|all — the registry search, or only its results for htmx. */
  async index(ctx: HttpContext) {
    const { request, view, bouncer } = ctx
    await bouncer.with(PatientPolicy).authorize('viewRegistry')
    const q = String(request.input('q') ?? '').slice(0, 100)
    const scope = request.input('scope') === 'all' ? 'all' : 'active'
    const query = parsePatientQuery(q)
    const found = isEmptyQuery(query) ? null : await searchPatients(query, { scope })
    if (found) {
      await audit(ctx, { action: 'read', entity: 'patient_search', details: { q, scope, found: found.rows.length } })
    }
    const results = found?.rows.map((row) => ({ ...row, age: patientAge(row.birthDate) })) ?? null
    const data = { q, scope, results, hasMore: found?.hasMore ?? false }
    return view.render(wantsFragment(ctx) ? 'partials/patients/results' : 'pages/patients/index', data)
  }

  async create({ view, bouncer, auth }: HttpContext) {
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    // A titolare mostly registers his own patients.
    const form = await patientFormValues(null, auth.user!.role === 'titolare' ? { doctor_id: auth.user!.id } : {})
    return view.render('pages/patients/form', { patient: null, form, ...(await patientFormOptions()) })
  }

  async store(ctx: HttpContext) {
    const { response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const input = await this.validate(ctx)
    if (!input) return response.redirect('/pazienti/nuovo')
    const result = await savePatient(input)
    if (!result.ok) return this.refuse(ctx, result, '/pazienti/nuovo')
    const patient = result.patient
    await audit(ctx, { action: 'create', entity: 'patient', entityId: patient.id, patientId: patient.id, details: { fields: result.changed } })
    session.flash('success', t('patients.created', { name: patient.fullName }))
    return response.redirect(`/pazienti/${patient.id}/anagrafica`)
  }

  /** GET /pazienti/:id/anagrafica — the registry form of one patient (a read of patient data). */
  async edit(ctx: HttpContext) {
    const { params, view, bouncer } = ctx
    await bouncer.with(PatientPolicy).authorize('viewRegistry')
    const patient = await Patient.query().where('id', params.id).preload('contacts').firstOrFail()
    await audit(ctx, { action: 'read', entity: 'patient', entityId: patient.id, patientId: patient.id, details: { view: 'anagrafica' } })
    return view.render('pages/patients/form', {
      patient,
      form: await patientFormValues(patient),
      age: patientAge(patient.birthDate.toISODate()!),
      ...(await patientFormOptions()),
    })
  }

  async update(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const patient = await Patient.findOrFail(params.id)
    const formUrl = `/pazienti/${patient.id}/anagrafica`
    const input = await this.validate(ctx)
    if (!input) return response.redirect(formUrl)
    const result = await savePatient(input, patient)
    if (!result.ok) return this.refuse(ctx, result, formUrl)
    await audit(ctx, { action: 'update', entity: 'patient', entityId: patient.id, patientId: patient.id, details: { fields: result.changed } })
    session.flash('success', t('patients.updated'))
    return response.redirect(formUrl)
  }

  /** VineJS shape checks; on failure the errors and the typed values are flashed. */
  private async validate({ request, session, t }: HttpContext) {
    try {
      return await patientValidator.validate(request.all(), { messagesProvider: patientMessages() })
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string> = {}
      for (const m of error.messages as { field: string; message: string }[]) fieldErrors[m.field] ??= m.message
      // Say at once what is wrong with the codice fiscale too, not only after the rest is fixed.
      const cf = request.input('fiscal_code')
      if (typeof cf === 'string' && !fieldErrors.fiscal_code) fieldErrors.fiscal_code = fiscalCodeError(cf) ?? ''
      flashFieldErrors(session, fieldErrors)
      session.flash('error', t('patients.form_errors'))
      return null
    }
  }

  private refuse({ response, session, t }: HttpContext, result: Extract<SaveResult, { ok: false }>, formUrl: string) {
    flashFieldErrors(session, result.errors)
    if (result.duplicate) session.flash('duplicatePatient', result.duplicate)
    session.flash('error', t('patients.form_errors'))
    return response.redirect(formUrl)
  }
}
