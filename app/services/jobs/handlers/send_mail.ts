import { sendOutgoingMail } from '#services/mail/send_outgoing_mail'
import { PermanentJobError } from '#services/jobs/run_job'

export default async function sendMail(payload: { mailId?: number }) {
  const mailId = Number(payload.mailId)
  if (!Number.isInteger(mailId) || mailId < 1) throw new PermanentJobError('core.send-mail: mailId mancante')
  return sendOutgoingMail(mailId)
}
