/*
| Who may see and change a patient's data.
| - registry (anagrafica): every doctor and collaboratore of the studio; not the administrator
|   (who manages accounts, not patients).
| - clinical record: the patient's titolare, the doctors he named associates, the sostituti,
|   and collaboratori the titolare granted unrestricted rights. Other staff reach only the
|   quick functions (registry, agenda, requests).
*/
import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type Patient from '#models/patient'

export default class PatientPolicy extends BasePolicy {
  viewRegistry(user: User): AuthorizerResponse {
    return user.role !== 'admin'
  }

  editRegistry(user: User): AuthorizerResponse {
    return user.role !== 'admin'
  }

  async viewRecord(user: User, patient: Patient): Promise<AuthorizerResponse> {
    return canReachRecord(user, patient)
  }

  async editRecord(user: User, patient: Patient): Promise<AuthorizerResponse> {
    return canReachRecord(user, patient)
  }
}

export async function canReachRecord(user: User, patient: Pick<Patient, 'doctorId'>) {
  switch (user.role) {
    case 'admin':
      return false
    case 'sostituto':
      return true
    case 'collaboratore':
      return user.unrestrictedRights
    case 'titolare': {
      if (patient.doctorId === null || patient.doctorId === user.id) return true
      const link = await db
        .from('user_associates')
        .where('titolare_id', patient.doctorId)
        .where('associate_id', user.id)
        .first()
      return Boolean(link)
    }
  }
}
