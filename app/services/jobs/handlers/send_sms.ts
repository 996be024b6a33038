import { sendQueuedSms } from '#services/sms/sms_outbox'
import { PermanentJobError } from '#services/jobs/run_job'

export default async function sendSms(payload: { smsId?: number }) {
  const smsId = Number(payload.smsId)
  if (!Number.isInteger(smsId) || smsId < 1) throw new PermanentJobError('core.send-sms: smsId mancante')
  return sendQueuedSms(smsId)
}
