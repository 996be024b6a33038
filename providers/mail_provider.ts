import type { ApplicationService } from '@adonisjs/core/types'
import type { CatcherHandle } from '#services/mail/smtp_catcher'

/**
 * Mail in the web server: in development and in the demo (no SMTP_HOST) starts the catcher
 * that receives every mail sent; a mail queued before it listens is sent by its retry.
 */
export default class MailProvider {
  #catcher: CatcherHandle | null = null

  constructor(protected app: ApplicationService) {}

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const { mailTransport, useMailTransport } = await import('#services/mail/mail_transport')
    if (mailTransport().kind !== 'catcher') return
    const { default: mailConfig } = await import('#config/mail')
    const { default: logger } = await import('@adonisjs/core/services/logger')
    try {
      const { startSmtpCatcher } = await import('#services/mail/smtp_catcher')
      this.#catcher = await startSmtpCatcher(mailConfig.catcherPort)
      await useMailTransport('catcher', { host: '127.0.0.1', port: this.#catcher.port, secure: false, user: undefined })
      logger.info(`mail catcher listening on 127.0.0.1:${this.#catcher.port} (sent mail: /admin/posta)`)
    } catch (error) {
      logger.error({ err: error }, 'mail catcher did not start: mail stays in the outbox')
    }
  }

  async shutdown() {
    await this.#catcher?.close()
    const { closeMailer } = await import('#services/mail/mail_transport')
    await closeMailer()
  }
}
