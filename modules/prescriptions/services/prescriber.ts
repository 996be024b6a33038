/*
| Who a prescription belongs to and who may act on it, from the studio's data: the patient's
| titolare, the doctors he named associates, the substitute he chose as signer.
*/
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { whoMay, type Permission, type PrescriptionAction, type WhoMayInput } from '../domain/who_may.js'

export async function actorOf(user: User): Promise<WhoMayInput['actor']> {
  const associateOf = (await db.from('user_associates').where('associate_id', user.id).select('titolare_id')).map((r) => Number(r.titolare_id))
  const substituteFor = (await db.from('prescription_signers').where('substitute_id', user.id).select('titolare_id')).map((r) => Number(r.titolare_id))
  return { id: user.id, role: user.role, associateOf, substituteFor }
}

export async function permission(user: User, action: PrescriptionAction, prescriberId: number, sentById?: number | null): Promise<Permission> {
  return whoMay(action, { actor: await actorOf(user), prescriberId, sentById })
}

/**
 * The titolare a new prescription goes out for: the patient's doctor; a titolare prescribing
 * for a patient without one signs it himself.
 */
export function prescriberFor(user: User, patientDoctorId: number | null): number | null {
  if (patientDoctorId) return patientDoctorId
  return user.role === 'titolare' ? user.id : null
}
