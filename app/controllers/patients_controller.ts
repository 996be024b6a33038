import type { HttpContext } from '@adonisjs/core/http'
import { errors as vineErrors } from '@vinejs/vine'
import Patient from '#models/patient'
import PatientPolicy from '#policies/patient_policy'
import { patientValidator } from '#validators/patient'
import { parsePatientQuery, isEmptyQuery } from '#services/patients/parse_patient_query'
import { searchPatients, SEARCH_LIMIT } from '#services/patients/search_patients'
import { savePatient } from '#services/patients/save_patient'
import { patientFormOptions } from '#services/patients/patient_form_options'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { translate } from '#services/i18n'

export default class PatientsController {
  /** Registry search: the whole page, or only the results for htmx search-as-you-type. */
  async index(ctx: HttpContext) {
    const { request, view, bouncer } = ctx
    await bouncer.with(PatientPolicy).authorize('viewRegistry')
    const q = String(request.input('q', '')).slice(0, 100)
    const scope = request.input('scope') === 'all' ? 'all' : 'active'
    const query = parsePatientQuery(q)
    const results = isEmptyQuery(query) ? null : await searchPatients(query, { scope })
    if (results) {
      await audit(ctx, { action: 'read', entity: 'patient_search', details: { q, scope, found: results.length } })
    }
    const data = { q, scope, results, limit: SEARCH_LIMIT }
    if (request.header('HX-Request') === 'true') return view.render('partials/patients/results', data)
    return view.render('pages/patients/index', data)
  }

  async create({ view, bouncer }: HttpContext) {
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    return view.render('pages/patients/form', { patient: null, ...(await patientFormOptions()) })
  }

  async store(ctx: HttpContext) {
    const { request, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const input = await this.validate(ctx)
    if (!input) return response.redirect().back()
    const result = await savePatient(input)
    if (!result.ok) return this.refuse(ctx, result)
    await audit(ctx, { action: 'create', entity: 'patient', entityId: result.patient.id, patientId: result.patient.id })
    session.flash('success', t('patients.created'))
    return response.redirect(`/pazienti/${result.patient.id}${request.input('open_chart') ? '' : '/anagrafica'}`)
  }

  async edit(ctx: HttpContext) {
    const { params, view, bouncer } = ctx
    await bouncer.with(PatientPolicy).authorize('viewRegistry')
    const patient = await Patient.query().where('id', params.id).preload('contacts').firstOrFail()
    await audit(ctx, { action: 'read', entity: 'patient', entityId: patient.id, patientId: patient.id })
    return view.render('pages/patients/form', { patient, ...(await patientFormOptions()) })
  }

  async update(ctx: HttpContext) {
    const { params, response, session, bouncer, t } = ctx
    await bouncer.with(PatientPolicy).authorize('editRegistry')
    const patient = await Patient.findOrFail(params.id)
    const input = await this.validate(ctx)
    if (!input) return response.redirect().back()
    const result = await savePatient(input, patient)
    if (!result.ok) return this.refuse(ctx, result)
    await audit(ctx, {
      action: 'update',
      entity: 'patient',
      entityId: patient.id,
      patientId: patient.id,
      details: { fields: result.changed },
    })
    session.flash('success', t('patients.updated'))
    return response.redirect(`/pazienti/${patient.id}/anagrafica`)
  }

  /** VineJS shape checks; on failure the errors and the typed values are flashed. */
  private async validate({ request, session }: HttpContext) {
    try {
      return await patientValidator.validate(request.all())
    } catch (error) {
      if (!(error instanceof vineErrors.E_VALIDATION_ERROR)) throw error
      const fieldErrors: Record<string, string> = {}
      for (const m of error.messages as { field: string; message: string }[]) fieldErrors[m.field] ??= m.message
      flashFieldErrors(session, fieldErrors)
      session.flash('error', translate('patients.form_errors'))
      return null
    }
  }

  private refuse({ response, session, t }: HttpContext, result: { errors: Record<string, string>; duplicateId?: number }) {
    flashFieldErrors(session, result.errors)
    if (result.duplicateId) session.flash('duplicateId', result.duplicateId)
    session.flash('error', t('patients.form_errors'))
    return response.redirect().back()
  }
}

