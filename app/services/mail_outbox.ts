/*
| Outgoing mail of the core (account notices). Mail is recorded in `outgoing_mails`;
| the platform mail service delivers from there over SMTP when configured.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

export interface OutgoingMail {
  to: string
  subject: string
  body: string
}

export async function queueMail(mail: OutgoingMail) {
  await db.table('outgoing_mails').insert({
    to_address: mail.to,
    subject: mail.subject.slice(0, 200),
    body: mail.body,
    status: 'recorded',
    created_at: DateTime.utc().toSQL({ includeOffset: false }),
  })
}
