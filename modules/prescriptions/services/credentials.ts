/*
| The doctor's credentials for the region's service (user, password, pincode), encrypted at
| rest with the application key and read only by the sending job (spec §3.3).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import User from '#models/user'
import type { DoctorContext, PrescriberDetails } from '#services/demat/region_plugin'

export interface CredentialsInput {
  username: string
  password: string
  pincode: string
  regionCode: string
  aslCode: string
  structureCode?: string | null
  specializationCode?: string
  passwordExpiresAt?: string | null
  registrationNumber?: string | null
}

export async function saveCredentials(userId: number, input: CredentialsInput) {
  const row = {
    secret: encryption.encrypt({ username: input.username, password: input.password, pincode: input.pincode }),
    region_code: input.regionCode,
    asl_code: input.aslCode,
    structure_code: input.structureCode ?? null,
    specialization_code: input.specializationCode ?? 'F',
    password_expires_at: input.passwordExpiresAt ?? null,
    registration_number: input.registrationNumber ?? null,
    updated_at: DateTime.utc().toSQL({ includeOffset: false }),
  }
  const exists = await db.from('demat_credentials').where('user_id', userId).first()
  if (exists) await db.from('demat_credentials').where('user_id', userId).update(row)
  else await db.table('demat_credentials').insert({ user_id: userId, ...row })
}

export class MissingCredentials extends Error {}

/** The context that signs a call: the prescriber's position, the signer's credentials. */
export async function doctorContext(prescriberId: number, signerId: number): Promise<DoctorContext> {
  const signer = await User.findOrFail(signerId)
  const prescriber = signerId === prescriberId ? signer : await User.findOrFail(prescriberId)
  const row = await db.from('demat_credentials').where('user_id', signerId).first()
  if (!row) throw new MissingCredentials(`Mancano le credenziali del servizio regionale per ${signer.displayName}: le inserisca in «Credenziali ricetta».`)
  const secret = encryption.decrypt<{ username: string; password: string; pincode: string }>(row.secret)
  if (!secret) throw new MissingCredentials(`Le credenziali di ${signer.displayName} non si possono leggere (chiave dell'applicazione cambiata?): le reinserisca.`)
  return {
    userId: signer.id,
    fiscalCode: prescriber.fiscalCode ?? '',
    substituteFiscalCode: signerId === prescriberId ? null : signer.fiscalCode,
    regionCode: row.region_code,
    aslCode: row.asl_code,
    structureCode: row.structure_code,
    specializationCode: row.specialization_code,
    credentials: secret,
    twoFactorSession: twoFactorOf(row),
    prescriber: await prescriberDetails(row.registration_number),
  }
}

/**
 * The registration number the doctor entered and the studio's first active clinic (address,
 * CAP, comune, phone); null while any of them is missing, so the plugin can say what to fill in.
 */
async function prescriberDetails(registrationNumber: string | null): Promise<PrescriberDetails | null> {
  if (!registrationNumber) return null
  const clinic = await db
    .from('clinics as c')
    .leftJoin('comuni as k', 'k.cadastral_code', 'c.comune_code')
    .where('c.is_active', true)
    .orderBy('c.id')
    .select('c.address', 'c.cap', 'c.phone', 'k.name as city', 'k.province_sigla as province')
    .first()
  if (!clinic?.address || !clinic.cap || !clinic.city || !clinic.province || !clinic.phone) return null
  return { registrationNumber, office: { street: clinic.address, postalCode: clinic.cap, city: clinic.city, province: clinic.province }, phone: clinic.phone }
}

/** The stored two-factor session, when it is still valid. */
function twoFactorOf(row: { two_factor_encrypted?: string | null; two_factor_expires_at?: unknown }) {
  if (!row.two_factor_encrypted || !row.two_factor_expires_at) return null
  const raw = row.two_factor_expires_at
  const expires = raw instanceof Date ? DateTime.fromJSDate(raw) : DateTime.fromSQL(String(raw), { zone: 'utc' })
  if (!expires.isValid || expires <= DateTime.utc()) return null
  const id = encryption.decrypt<string>(row.two_factor_encrypted)
  return id ? { id, expiresAt: expires.toUTC().toISO()! } : null
}

/** Saves the two-factor session the doctor obtained from the service, until `expiresAt` (UTC). */
export async function saveTwoFactorSession(userId: number, sessionId: string, expiresAt: DateTime) {
  const updated = await db
    .from('demat_credentials')
    .where('user_id', userId)
    .update({ two_factor_encrypted: encryption.encrypt(sessionId), two_factor_expires_at: expiresAt.toUTC().toSQL({ includeOffset: false }), updated_at: DateTime.utc().toSQL({ includeOffset: false }) })
  return Number(updated) === 1
}
