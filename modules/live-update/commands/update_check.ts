import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * `node ace update:check`: reads the signed feed and lists each component, installed version
 * against the available one. Exit code 1 when the feed cannot be read or is not trusted.
 */
export default class UpdateCheckCommand extends BaseCommand {
  static commandName = 'update:check'
  static description = translate('updates.cli.check_description')
  static options: CommandOptions = { startApp: true }

  async run() {
    const { checkForUpdates } = await import('../services/check_feed.js')
    const result = await checkForUpdates()
    if (!result.ok) {
      this.logger.error(result.error!)
      this.exitCode = 1
      return
    }
    const table = this.ui.table()
    table.head(['Componente', 'Installata', 'Disponibile', 'Stato'])
    for (const c of result.components) {
      table.row([c.key, c.installedVersion ?? '—', c.version, translate(`updates.state.${c.state}`)])
    }
    table.render()
    const available = result.components.filter((c) => c.state === 'available').length
    this.logger.info(available ? translate('updates.cli.available', { n: available }) : translate('updates.cli.none_available'))
  }
}
