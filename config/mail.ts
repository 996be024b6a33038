/*
| Outgoing mail. With SMTP_HOST set, mail goes to that server. Without it, in development and
| in the demo, a catcher started with the app receives it (shown at /admin/posta); elsewhere
| mail waits in the outbox with a clear state until SMTP is configured.
*/
import env from '#start/env'
import app from '@adonisjs/core/services/app'

export type MailTransportKind = 'smtp' | 'catcher' | 'none'

export interface MailConfig {
  transport: MailTransportKind
  smtp: { host: string; port: number; secure: boolean; user?: string; password?: string }
  catcherPort: number
  from: string
  /** Attempts of one send (the first included) and the delay before the first retry. */
  attempts: number
  retryDelayMs: number
}

const smtpHost = env.get('SMTP_HOST')
const catcherPort = env.get('SMTP_CATCHER_PORT', 1025)

const mailConfig: MailConfig = {
  transport: smtpHost ? 'smtp' : app.inDev ? 'catcher' : 'none',
  smtp: {
    host: smtpHost || '127.0.0.1',
    port: smtpHost ? env.get('SMTP_PORT', 587) : catcherPort,
    secure: env.get('SMTP_SECURE', false),
    user: env.get('SMTP_USER'),
    password: env.get('SMTP_PASSWORD')?.release(),
  },
  catcherPort,
  from: env.get('MAIL_FROM', 'Studio MG <studio@localhost>'),
  // 30 s, 1, 2, 4, 8 min: a mail server restart or a short outage is outlived.
  attempts: 6,
  retryDelayMs: 30_000,
}

export default mailConfig
