import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { audit } from '#services/audit_log'
import { studioDay, waitingCount, remoteCounters, type DayFilter } from '../queries/studio_day.js'
import { validateAndSend } from '../services/validate_and_send.js'
import { cancelPrescription } from '../services/cancel_prescription.js'
import { actorOf } from '../services/prescriber.js'
import { prescriptionPanel, waitingForValidation } from '../queries/prescription_panel.js'
import { promemoriaPdf, deliver, DeliveryError } from '../services/deliver_prescription.js'
import { promemoriaZip } from '../services/promemoria_zip.js'
import Prescription from '../models/prescription.js'
import { emailInClearAllowed } from '../services/studio_options.js'
import { sendProblems } from '../queries/send_problems.js'
import { dayListPage } from '../presenters/day_list_page.js'
import { renderWithFragments } from '#services/view_fragments'
import { romeToday } from '../queries/rome_time.js'
import { credentialsReminder } from '../queries/credentials_reminder.js'
import { studioDoctors, titolari, possibleSigners, type DoctorOption } from '../queries/studio_doctors.js'

const DISPENSING_LABELS: Record<string, string> = { '3': 'da erogare', '4': 'annullata', '5': 'presa in carico dalla farmacia', '8': 'erogata' }

const FILTERS: DayFilter[] = ['nuove', 'elaborate', 'annullate', 'tutte']
// Thousands of rows of HTML take longer to build and send than the page may take: one page at a time.
const PAGE_SIZE = 100

function ids(value: unknown): number[] {
  return [value].flat().map(Number).filter((n) => Number.isInteger(n) && n > 0)
}

/**
 * Gestione Studio: the day's prescriptions of one doctor, the staff-to-doctor validation queue,
 * its buttons (Invia, Cancella, Stampa), the state panel, the signer of an absent doctor, and
 * the phone-sized remote validation page.
 */
export default class GestioneStudioController {
  async #doctors() {
    return titolari(await studioDoctors())
  }

  async #chosenDoctor(ctx: HttpContext, doctors: DoctorOption[]) {
    const user = ctx.auth.user!
    const asked = Number(ctx.request.input('medico'))
    if (doctors.some((d) => d.id === asked)) return asked
    if (user.role === 'titolare') return user.id
    const actor = await actorOf(user)
    return actor.substituteFor[0] ?? actor.associateOf[0] ?? doctors[0]?.id ?? null
  }

  async index(ctx: HttpContext) {
    const { request, view, auth, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const everyDoctor = await studioDoctors()
    const doctors = titolari(everyDoctor)
    const doctorId = await this.#chosenDoctor(ctx, doctors)
    const date = /^\d{4}-\d{2}-\d{2}$/.test(request.input('data', '')) ? request.input('data') : romeToday()
    const filter: DayFilter = FILTERS.includes(request.input('filtro')) ? request.input('filtro') : 'tutte'
    const patientId = Number(request.input('paziente')) || null
    const asked = Number.parseInt(request.input('pagina', '1'), 10) || 1
    const canCancel = auth.user!.role === 'titolare' || auth.user!.role === 'sostituto'
    const dayUrl = `/gestione-studio?medico=${doctorId}&data=${date}&filtro=${filter}`
    const noList = { rowsHtml: '', shown: 0, total: 0, page: 1, pages: 1 }
    // Independent reads run side by side (on MariaDB each waits for its round trip; the audit
    // insert for its commit); the page is not sent unless the read was audited.
    const [list, problems, emailClear] = await Promise.all([
      doctorId ? dayListPage({ doctorId, date, filter, patientId }, asked, PAGE_SIZE, { dayUrl, canCancel }) : noList,
      doctorId ? sendProblems(doctorId) : { shown: [], total: 0 },
      auth.user!.role === 'titolare' ? emailInClearAllowed() : false,
      audit(ctx, { action: 'read', entity: 'prescription_queue', entityId: doctorId, patientId, details: { date, filter, page: asked } }),
    ])
    const { rowsHtml, shown, total, page, pages } = list
    const substitutes = possibleSigners(everyDoctor, doctorId)
    const signerId = everyDoctor.find((d) => d.id === doctorId)?.signerId ?? null
    const data = { shown, total, page, pages, pageSize: PAGE_SIZE, problems, doctors, doctorId, date, filter, filters: FILTERS, patientId, user: auth.user!, signerId, substitutes, emailClear }
    // htmx 4 names the target as `tag#id` (`section#day-list`).
    const fragment = request.header('HX-Request') === 'true' && /(^|#)day-list$/.test(request.header('HX-Target') ?? '')
    return renderWithFragments(view, fragment ? 'prescriptions::partials/day_list' : 'prescriptions::pages/gestione_studio', data, { rowsHtml })
  }

  /** The banner on the doctor's pages: what waits for him, and his credentials when they need him. */
  async banner(ctx: HttpContext) {
    const { auth, view, response } = ctx
    const user = auth.user!
    if (user.role !== 'titolare' && user.role !== 'sostituto') return response.send('')
    const actor = await actorOf(user)
    const n = await waitingCount([user.id, ...actor.associateOf, ...actor.substituteFor])
    const reminder = await credentialsReminder(user.id)
    if (n === 0 && !reminder) return response.send('')
    return view.render('prescriptions::partials/banner', { n, reminder })
  }

  async send(ctx: HttpContext) {
    const { request, response, session, auth, t } = ctx
    const selected = ids(request.input('ids'))
    if (!selected.length) {
      session.flash('error', t('prescriptions.nothing_selected'))
      return response.redirect().back()
    }
    const outcome = await validateAndSend(auth.user!, selected)
    if (outcome.sent.length) session.flash('success', t('prescriptions.sent_ok', { n: outcome.sent.length }))
    if (outcome.refused.length) session.flash('error', t('prescriptions.refused', { reasons: [...new Set(outcome.refused.map((r) => r.reason))].join(' ') }))
    // Back to the same doctor, day and filter: back() alone drops the query string.
    return response.redirect().withQs().back()
  }

  async cancel(ctx: HttpContext) {
    const { request, response, session, auth, params, t } = ctx
    const result = await cancelPrescription(auth.user!, Number(params.id), request.input('reason') ?? null)
    if (result.ok) session.flash('success', t(result.remote ? 'prescriptions.cancelled_remote' : 'prescriptions.cancelled_ok'))
    else session.flash('error', result.reason)
    return response.redirect().withQs().back()
  }

  async show(ctx: HttpContext) {
    const { params, view, response, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const panel = await prescriptionPanel(Number(params.id))
    if (!panel) return response.notFound()
    await audit(ctx, { action: 'read', entity: 'prescription', entityId: panel.id, patientId: panel.patientId })
    return view.render('prescriptions::pages/show', { panel })
  }

  /** The promemoria PDF; printing it from here marks the prescription delivered at the desk. */
  async promemoria(ctx: HttpContext) {
    const { params, response, bouncer, auth } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const prescription = await Prescription.find(params.id)
    // A private white prescription has no number: it is printed as soon as it is validated.
    if (!prescription || (!prescription.nre && !(prescription.kind === 'BIANCA' && prescription.awaitingPrint))) return response.notFound()
    const pdf = await promemoriaPdf(prescription.id)
    if (prescription.awaitingPrint) await deliver(prescription, 'print', auth.user!)
    await audit(ctx, { action: 'read', entity: 'promemoria', entityId: prescription.id, patientId: prescription.patientId })
    response.header('Content-Type', 'application/pdf')
    response.header('Content-Disposition', `inline; filename="promemoria-${prescription.nre}.pdf"`)
    return response.send(pdf)
  }

  /** The selected promemoria as one zip (batch print or hand-over). */
  async printBatch(ctx: HttpContext) {
    const { request, response, session, bouncer, auth, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const selected = ids(request.input('ids'))
    const zip = selected.length ? await promemoriaZip(selected, auth.user!) : null
    if (!zip) {
      session.flash('error', t('prescriptions.nothing_selected'))
      return response.redirect().back()
    }
    await audit(ctx, { action: 'read', entity: 'promemoria', details: { ids: zip.ids } })
    response.header('Content-Type', 'application/zip')
    response.header('Content-Disposition', `attachment; filename="promemoria-${DateTime.now().toFormat('yyyyLLdd-HHmm')}.zip"`)
    return response.send(zip.content)
  }

  /** "Invia per e-mail" of the selected: each patient gets his promemoria as a protected zip. */
  async emailBatch(ctx: HttpContext) {
    const { request, response, session, auth, bouncer, t } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const selected = ids(request.input('ids'))
    const prescriptions = selected.length ? await Prescription.query().whereIn('id', selected).whereNotNull('nre').whereIn('state', ['ACCEPTED', 'DELIVERED']) : []
    if (!prescriptions.length) {
      session.flash('error', t('prescriptions.nothing_selected'))
      return response.redirect().withQs().back()
    }
    const problems: string[] = []
    let sent = 0
    for (const prescription of prescriptions) {
      try {
        await deliver(prescription, 'email', auth.user!)
        sent++
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error
        problems.push(error.message)
      }
    }
    if (sent) session.flash('success', t('prescriptions.emailed', { n: sent }))
    if (problems.length) session.flash('error', [...new Set(problems)].join(' '))
    return response.redirect().withQs().back()
  }

  async checkDispensing(ctx: HttpContext) {
    const { params, response, session, auth, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const { checkDispensing } = await import('../services/check_dispensing.js')
    const result = await checkDispensing(Number(params.id), auth.user!)
    if (result.ok) session.flash('success', `Stato presso il servizio: ${result.remoteStatus ? DISPENSING_LABELS[result.remoteStatus] ?? result.remoteStatus : 'sconosciuto'}.`)
    else session.flash('error', result.reason)
    return response.redirect().back()
  }

  /** The titolare decides whether promemoria may go by e-mail in clear (off by default). */
  async options(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    if (auth.user!.role !== 'titolare') {
      session.flash('error', 'Solo un medico titolare cambia le impostazioni delle ricette.')
      return response.redirect().back()
    }
    const allowed = request.input('email_clear') === '1'
    const { allowEmailInClear } = await import('../services/studio_options.js')
    await allowEmailInClear(allowed)
    const { audit } = await import('#services/audit_log')
    await audit(ctx, { action: 'update', entity: 'prescription_settings', details: { emailInClear: allowed } })
    session.flash('success', allowed ? 'Invio del promemoria in chiaro abilitato.' : 'Invio del promemoria in chiaro disabilitato.')
    return response.redirect().back()
  }

  /** "Riprova" on a prescription waiting to be sent: a new attempt now, reconciled first. */
  async retry(ctx: HttpContext) {
    const { params, response, session, auth } = ctx
    const prescription = await Prescription.find(params.id)
    if (!prescription) return response.notFound()
    const { permission } = await import('../services/prescriber.js')
    const may = await permission(auth.user!, 'send', prescription.prescriberId)
    if (!may.allowed || prescription.state !== 'PENDING') {
      session.flash('error', may.allowed ? 'Si riprova solo una ricetta in attesa.' : may.reason)
      return response.redirect().back()
    }
    const { queueSend } = await import('../services/validate_and_send.js')
    await queueSend(prescription.id, Date.now())
    const { audit } = await import('#services/audit_log')
    await audit(ctx, { action: 'update', entity: 'prescription', entityId: prescription.id, patientId: prescription.patientId, details: { retry: true } })
    session.flash('success', 'Nuovo tentativo di invio in corso.')
    return response.redirect().back()
  }

  async resend(ctx: HttpContext) {
    const { request, response, session, params, auth, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const prescription = await Prescription.find(params.id)
    const channel = request.input('canale')
    if (!prescription || !prescription.nre || !['sms', 'nre_email', 'email', 'email_clear', 'portal'].includes(channel)) return response.badRequest()
    try {
      await deliver(prescription, channel, auth.user!)
      session.flash('success', 'Invio al paziente messo in coda.')
    } catch (error) {
      if (!(error instanceof DeliveryError)) throw error
      session.flash('error', error.message)
    }
    return response.redirect().back()
  }

  /** Staff (or the titolare) choose the substitute who validates for an absent doctor. */
  async signer(ctx: HttpContext) {
    const { request, response, session, auth, t, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const titolareId = Number(request.input('titolare_id'))
    const substituteId = Number(request.input('substitute_id')) || null
    const user = auth.user!
    const titolare = await User.find(titolareId)
    if (!titolare || titolare.role !== 'titolare' || (user.role === 'titolare' && user.id !== titolareId) || user.role === 'sostituto') {
      session.flash('error', 'Solo il titolare o il personale di studio scelgono il firmatario.')
      return response.redirect().back()
    }
    await db.from('prescription_signers').where('titolare_id', titolareId).delete()
    if (substituteId) {
      await db.table('prescription_signers').insert({ titolare_id: titolareId, substitute_id: substituteId, set_by_user_id: user.id, updated_at: DateTime.utc().toSQL({ includeOffset: false }) })
    }
    await audit(ctx, { action: 'update', entity: 'prescription_signer', entityId: titolareId, details: { substituteId } })
    session.flash('success', t('prescriptions.signer_saved'))
    return response.redirect().back()
  }

  /** Remote validation on a phone: what waits for this doctor, "Invia tutti". */
  async remote(ctx: HttpContext) {
    const { request, view, auth, response, bouncer } = ctx
    await bouncer.authorize('prescriptions.use' as any)
    const user = auth.user!
    const date = romeToday()
    if (user.role === 'collaboratore') {
      const doctors = await this.#doctors()
      const doctorId = await this.#chosenDoctor(ctx, doctors)
      const counters = doctorId ? await remoteCounters(doctorId, date) : null
      const validated = doctorId ? await studioDay({ doctorId, date, filter: 'elaborate' }) : []
      return view.render('prescriptions::pages/remote_staff', { doctors, doctorId, counters, validated })
    }
    if (user.role !== 'titolare' && user.role !== 'sostituto') return response.forbidden()
    const actor = await actorOf(user)
    const patientId = Number(request.input('paziente')) || null
    const rows = await waitingForValidation([user.id, ...actor.associateOf, ...actor.substituteFor], patientId)
    await audit(ctx, { action: 'read', entity: 'prescription_queue', details: { remote: true, patientId } })
    return view.render('prescriptions::pages/remote', { rows, patientId })
  }
}
