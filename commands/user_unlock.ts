import { args, BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class UserUnlock extends BaseCommand {
  static commandName = 'user:unlock'
  static description = 'Unlock a staff account locked after failed logins'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Username' })
  declare username: string

  async run() {
    const { default: User } = await import('#models/user')
    const { unlockAccount } = await import('#services/admin/user_accounts')
    const { recordAudit } = await import('#services/audit_log')
    const user = await User.findBy('username', this.username.trim().toLowerCase())
    if (!user) {
      this.logger.error(`Nessun utente "${this.username}".`)
      this.exitCode = 1
      return
    }
    await unlockAccount(user)
    await recordAudit({ url: 'ace user:unlock' }, { action: 'sblocca', entity: 'user', entityId: user.id })
    this.logger.success(`Utente ${user.username} sbloccato.`)
  }
}
