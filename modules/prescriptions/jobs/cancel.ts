import { PermanentJobError } from '#services/jobs/run_job'
import { cancelRemotely } from '../services/cancel_prescription.js'

export default async function cancel(payload: { prescriptionId?: number }) {
  const id = Number(payload.prescriptionId)
  if (!Number.isInteger(id) || id < 1) throw new PermanentJobError('prescriptions.cancel: prescriptionId mancante')
  return cancelRemotely(id)
}
