import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { audit } from '#services/audit_log'
import { flashFieldErrors } from '#services/form_errors'
import { saveCredentials, saveTwoFactorSession } from '../services/credentials.js'
import { testCredentials } from '../services/test_credentials.js'
import { romeTime } from '../queries/rome_time.js'

/**
 * "Credenziali ricetta": each doctor keeps his own user, password and pincode for the region's
 * service. They are stored encrypted and never shown back (not even to him): the page says only
 * whether they are set and when the password expires.
 */
export default class CredentialsController {
  async show({ auth, view, response }: HttpContext) {
    const user = auth.user!
    if (!user.isDoctor) return response.forbidden()
    const row = await db
      .from('demat_credentials')
      .where('user_id', user.id)
      .select('region_code', 'asl_code', 'structure_code', 'specialization_code', 'password_expires_at', 'updated_at', 'checked_at', 'check_ok', 'check_message', 'two_factor_expires_at', 'registration_number')
      .first()
    const expires = row?.password_expires_at ? DateTime.fromJSDate(new Date(row.password_expires_at)) : null
    const daysLeft = expires ? Math.ceil(expires.diff(DateTime.now().startOf('day'), 'days').days) : null
    const checkedAt = row?.checked_at ? romeTime(row.checked_at, 'dd/LL/yyyy HH:mm') : null
    const twoFactorUntil = row?.two_factor_expires_at ? romeTime(row.two_factor_expires_at, 'dd/LL/yyyy HH:mm') : null
    const twoFactorValid = row?.two_factor_expires_at ? (row.two_factor_expires_at instanceof Date ? DateTime.fromJSDate(row.two_factor_expires_at) : DateTime.fromSQL(String(row.two_factor_expires_at), { zone: 'utc' })) > DateTime.utc() : false
    return view.render('prescriptions::pages/credentials', { row, daysLeft, user, checkedAt, twoFactorUntil, twoFactorValid, checkOk: row?.check_ok === null || row?.check_ok === undefined ? null : Boolean(Number(row.check_ok)) })
  }

  /** "Prova credenziali": one harmless call to the service with the doctor's own credentials. */
  async test(ctx: HttpContext) {
    const { auth, response, session } = ctx
    const user = auth.user!
    if (!user.isDoctor) return response.forbidden()
    const outcome = await testCredentials(user.id)
    await audit(ctx, { action: 'test', entity: 'demat_credentials', entityId: user.id, details: { ok: outcome.ok } })
    session.flash(outcome.ok ? 'success' : 'error', outcome.message)
    return response.redirect('/gestione-studio/credenziali')
  }

  async save(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const user = auth.user!
    if (!user.isDoctor) return response.forbidden()
    const input = request.only(['username', 'password', 'pincode', 'region_code', 'asl_code', 'structure_code', 'password_expires_at', 'registration_number'])
    const errors: Record<string, string> = {}
    if (!input.username?.trim()) errors.username = "Indichi l'utente del servizio (di solito il suo codice fiscale)."
    if (!input.password) errors.password = 'Indichi la password del servizio.'
    if (!/^[0-9A-Za-z]{10}$/.test(input.pincode ?? '')) errors.pincode = 'Il pincode ha 10 caratteri.'
    if (!/^[0-9]{3}$/.test(input.region_code ?? '')) errors.region_code = 'Codice regione di 3 cifre (per esempio 120 per il Lazio).'
    if (!/^[0-9]{3}$/.test(input.asl_code ?? '')) errors.asl_code = 'Codice ASL di 3 cifre.'
    const expires = input.password_expires_at ? DateTime.fromISO(input.password_expires_at) : null
    if (expires && !expires.isValid) errors.password_expires_at = 'Data non valida.'
    const registration = String(input.registration_number ?? '').trim()
    if (registration && !/^[0-9A-Za-z/-]{1,20}$/.test(registration)) errors.registration_number = "Numero di iscrizione all'Ordine: cifre (ed eventualmente lettere), al più 20 caratteri."

    if (Object.keys(errors).length) {
      flashFieldErrors(session, errors)
      return response.redirect().back()
    }
    await saveCredentials(user.id, {
      username: input.username.trim(),
      password: input.password,
      pincode: input.pincode,
      regionCode: input.region_code,
      aslCode: input.asl_code,
      structureCode: input.structure_code?.trim() || null,
      passwordExpiresAt: expires ? expires.toISODate() : null,
      registrationNumber: registration || null,
    })
    await audit(ctx, { action: 'update', entity: 'demat_credentials', entityId: user.id })
    session.flash('success', 'Credenziali salvate (cifrate).')
    return response.redirect('/gestione-studio/credenziali')
  }

  /**
   * The two-factor session (Authorization2F) the doctor obtained from the Sistema TS: kept
   * encrypted until the time he says it expires; without a valid one the SAC is not called.
   */
  async twoFactor(ctx: HttpContext) {
    const { auth, request, response, session } = ctx
    const user = auth.user!
    if (!user.isDoctor) return response.forbidden()
    const sessionId = String(request.input('session_id') ?? '').trim()
    const until = DateTime.fromISO(String(request.input('expires_at') ?? ''), { zone: 'Europe/Rome' })
    const errors: Record<string, string> = {}
    if (!/^[\x21-\x7e]{8,512}$/.test(sessionId)) errors.session_id = 'Incolli l’identificativo di sessione ricevuto dal Sistema TS (senza spazi).'
    if (!until.isValid) errors.expires_at = 'Indichi fino a quando vale la sessione.'
    else if (until <= DateTime.now()) errors.expires_at = 'La sessione indicata è già scaduta.'
    if (Object.keys(errors).length) {
      flashFieldErrors(session, errors)
      return response.redirect().back()
    }
    if (!(await saveTwoFactorSession(user.id, sessionId, until))) {
      session.flash('error', 'Inserisca prima utente, password e pincode del servizio.')
      return response.redirect().back()
    }
    await audit(ctx, { action: 'update', entity: 'demat_two_factor', entityId: user.id })
    session.flash('success', `Sessione a due fattori salvata (cifrata), valida fino al ${until.toFormat('dd/LL/yyyy HH:mm')}.`)
    return response.redirect('/gestione-studio/credenziali')
  }
}
