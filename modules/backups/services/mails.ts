/*
| The e-mails of the backup service: failure reports and the test mail of a task's form.
| Queued through the core's outbox (delivered over SMTP by the mail service).
*/
import { queueMail } from '#services/mail/outbox'
import { translate } from '#services/i18n'

export async function sendFailureMail(input: {
  to: string
  clinicName: string | null
  taskName: string
  error: string
  log: string
}) {
  const clinic = input.clinicName || translate('backups.mail.unknown_clinic')
  await queueMail({
    to: input.to,
    subject: translate('backups.mail.failure_subject', { clinic, task: input.taskName }),
    body: translate('backups.mail.failure_body', {
      clinic,
      task: input.taskName,
      error: input.error,
      log: input.log.split('\n').slice(-30).join('\n'),
    }),
  })
}

export async function sendTestMail(to: string, clinicName: string) {
  await queueMail({
    to,
    subject: translate('backups.mail.test_subject', { clinic: clinicName }),
    body: translate('backups.mail.test_body', { clinic: clinicName }),
  })
}
