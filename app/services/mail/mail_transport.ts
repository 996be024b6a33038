/*
| Where mail goes right now: the configured SMTP server, the development catcher, or nowhere
| yet ('none': mail waits in the outbox). Tests and the catcher point it elsewhere at run time.
*/
import emitter from '@adonisjs/core/services/emitter'
import { Mailer } from '@adonisjs/mail'
import { SMTPTransport } from '@adonisjs/mail/transports/smtp'
import mailConfig, { type MailConfig, type MailTransportKind } from '#config/mail'

interface ActiveTransport {
  kind: MailTransportKind
  smtp: MailConfig['smtp']
}

let active: ActiveTransport = { kind: mailConfig.transport, smtp: { ...mailConfig.smtp } }
let mailer: Mailer<SMTPTransport> | null = null

export function mailTransport(): Readonly<ActiveTransport> {
  return active
}

/** Sends to another server from now on (the catcher's real port, a test's SMTP server). */
export async function useMailTransport(kind: MailTransportKind, smtp: Partial<MailConfig['smtp']> = {}) {
  await closeMailer()
  active = { kind, smtp: { ...active.smtp, ...smtp } }
}

export async function resetMailTransport() {
  await useMailTransport(mailConfig.transport, { ...mailConfig.smtp })
}

/** One mailer (one SMTP connection pool) for every send while the settings stay the same. */
export function currentMailer(): Mailer<SMTPTransport> {
  if (!mailer) {
    const { smtp } = active
    const transport = new SMTPTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { type: 'login', user: smtp.user, pass: smtp.password ?? '' } : undefined,
      // A catcher on localhost has no certificate; a real server is verified.
      tls: active.kind === 'catcher' ? { rejectUnauthorized: false } : undefined,
      // A server that does not answer must fail the attempt, not hang the worker.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as any)
    mailer = new Mailer('smtp', transport, emitter as any, { from: mailConfig.from })
  }
  return mailer
}

export async function closeMailer() {
  const closing = mailer
  mailer = null
  await closing?.close()
}
