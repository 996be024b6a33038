/*
| Sends a file the product's way: a zip protected by password (AES-256) in one mail, the
| password in a second mail that leaves only after the first has been accepted by the server.
*/
import { queueTemplateMail } from '#services/mail/outbox'
import { generateZipPassword, protectedZip, type ZipEntry } from '#services/mail/protected_zip'

export interface ProtectedAttachmentMail {
  to: string
  subject: string
  /** What the attachment is, in words ("il promemoria della ricetta", "il certificato"). */
  description: string
  zipName: string
  files: ZipEntry[]
  /** Extra lines for the first mail's body. */
  message?: string
  password?: string
}

export async function queueProtectedAttachment(mail: ProtectedAttachmentMail) {
  const password = mail.password ?? generateZipPassword()
  const zipName = mail.zipName.endsWith('.zip') ? mail.zipName : `${mail.zipName}.zip`
  const zip = await protectedZip(mail.files, password)
  const zipMailId = await queueTemplateMail({
    to: mail.to,
    subject: mail.subject,
    template: 'protected_attachment',
    data: { description: mail.description, zipName, message: mail.message ?? '' },
    attachments: [{ filename: zipName, contentType: 'application/zip', content: zip }],
  })
  const passwordMailId = await queueTemplateMail({
    to: mail.to,
    subject: `Password per: ${mail.subject}`.slice(0, 200),
    template: 'protected_password',
    data: { description: mail.description, zipName, firstSubject: mail.subject, password },
    secret: true,
    waitForMailId: zipMailId,
  })
  return { zipMailId, passwordMailId, password }
}
