import { PermanentJobError } from '#services/jobs/run_job'
import { sendPrescription } from '../services/send_prescription.js'

export default async function send(payload: { prescriptionId?: number }) {
  const id = Number(payload.prescriptionId)
  if (!Number.isInteger(id) || id < 1) throw new PermanentJobError('prescriptions.send: prescriptionId mancante')
  return sendPrescription(id)
}
