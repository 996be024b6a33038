import type { HttpContext } from '@adonisjs/core/http'
import vine from '@vinejs/vine'
import Clinic from '#models/clinic'
import ClinicHour from '#models/clinic_hour'
import { flashFieldErrors } from '#services/form_errors'
import { listDoctorsAndClinics } from '../queries/list_doctors_and_clinics.js'

const hourValidator = vine.create({
  weekday: vine.number().min(1).max(7),
  opens_at: vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  closes_at: vine.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  doctor_id: vine.number().optional(),
  notes: vine.string().trim().maxLength(200).optional(),
})

export default class MedicoController {
  async index({ view, bouncer }: HttpContext) {
    const data = await listDoctorsAndClinics()
    const canEdit = await bouncer.allows('medico.editHours' as any)
    return view.render('medico::pages/index', { ...data, canEdit })
  }

  async addHour({ params, request, response, session, bouncer, t }: HttpContext) {
    await bouncer.authorize('medico.editHours' as any)
    const clinic = await Clinic.findOrFail(params.id)
    const input = await request.validateUsing(hourValidator)
    if (input.closes_at <= input.opens_at) {
      flashFieldErrors(session, { closes_at: t('medico.closes_before_opens') })
      return response.redirect().back()
    }
    await ClinicHour.create({
      clinicId: clinic.id,
      weekday: input.weekday,
      opensAt: input.opens_at,
      closesAt: input.closes_at,
      doctorId: input.doctor_id ?? null,
      notes: input.notes ?? null,
    })
    session.flash('success', t('medico.hour_added'))
    return response.redirect('/medico')
  }

  async removeHour({ params, response, session, bouncer, t }: HttpContext) {
    await bouncer.authorize('medico.editHours' as any)
    const hour = await ClinicHour.query().where('id', params.hourId).where('clinic_id', params.id).firstOrFail()
    await hour.delete()
    session.flash('success', t('medico.hour_removed'))
    return response.redirect('/medico')
  }
}
