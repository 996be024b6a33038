import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class UserCreate extends BaseCommand {
  static commandName = 'user:create'
  static description = 'Create a staff account (asks for what is missing when run in a terminal)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Username (lower case letters, digits, . _ -)' })
  declare username?: string

  @flags.string({ description: 'admin | titolare | sostituto | collaboratore' })
  declare role?: string

  @flags.string({ description: 'First name', flagName: 'first-name' })
  declare firstName?: string

  @flags.string({ description: 'Last name', flagName: 'last-name' })
  declare lastName?: string

  @flags.string({ description: 'E-mail address' })
  declare email?: string

  @flags.string({ description: 'Initial password (generated and printed when left out)' })
  declare password?: string

  async run() {
    const { createAccount } = await import('#services/admin/user_accounts')
    const { recordAudit } = await import('#services/audit_log')
    const interactive = process.stdin.isTTY && !process.env.CI
    const ask = async (value: string | undefined, question: string) =>
      value ?? (interactive ? await this.prompt.ask(question) : undefined)

    const username = await ask(this.username, 'Nome utente')
    const role = this.role ?? (interactive ? await this.prompt.choice('Ruolo', ['collaboratore', 'titolare', 'sostituto', 'admin']) : undefined)
    const firstName = await ask(this.firstName, 'Nome')
    const lastName = await ask(this.lastName, 'Cognome')
    const missing = Object.entries({ '--username': username, '--role': role, '--first-name': firstName, '--last-name': lastName })
      .filter(([, v]) => !v)
      .map(([k]) => k)
    if (missing.length) {
      this.logger.error(`Mancano: ${missing.join(', ')}`)
      this.exitCode = 1
      return
    }
    const result = await createAccount({
      username: username!,
      role: role as any,
      firstName: firstName!,
      lastName: lastName!,
      email: this.email ?? null,
      password: this.password ?? null,
    })
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.errors)) this.logger.error(`${field}: ${message}`)
      this.exitCode = 1
      return
    }
    await recordAudit({ url: 'ace user:create' }, { action: 'create', entity: 'user', entityId: result.user.id, details: { username: result.user.username, role: result.user.role } })
    this.logger.success(`Utente ${result.user.username} (${result.user.role}) creato: dovrà cambiare la password al primo accesso.`)
    if (result.temporaryPassword) this.logger.info(`Password temporanea: ${result.temporaryPassword}`)
  }
}
