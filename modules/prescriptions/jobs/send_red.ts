import { PermanentJobError } from '#services/jobs/run_job'
import { sendRedTransmission } from '../services/red/send_red.js'

export default async function sendRed(payload: { transmissionId?: number }) {
  const id = Number(payload.transmissionId)
  if (!Number.isInteger(id) || id < 1) throw new PermanentJobError('prescriptions.send-red: transmissionId mancante')
  return sendRedTransmission(id)
}
