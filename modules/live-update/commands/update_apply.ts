import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * `node ace update:apply [componenti...] [--all]`: verifies the feed's signature and each
 * package's size and SHA-256, then applies each component in its own transaction. Without
 * components, every available update. Exit code 1 when anything was refused or failed.
 */
export default class UpdateApplyCommand extends BaseCommand {
  static commandName = 'update:apply'
  static description = translate('updates.cli.apply_description')
  static help = [
    'node ace update:apply              tutti gli aggiornamenti disponibili',
    'node ace update:apply icd9cm asl   solo i componenti indicati',
  ]
  static options: CommandOptions = { startApp: true }

  @args.spread({ description: 'Componenti da applicare (chiavi del manifest)', required: false })
  declare keys?: string[]

  @flags.boolean({ description: 'Applica tutti gli aggiornamenti disponibili' })
  declare all?: boolean

  async run() {
    const { userInfo } = await import('node:os')
    const { applyUpdates } = await import('../services/apply_updates.js')
    const { describeFailure } = await import('../services/update_error.js')
    const { cliProgress } = await import('../services/cli_progress.js')

    const bar = cliProgress()
    let outcomes
    try {
      outcomes = await applyUpdates({
        keys: this.all ? undefined : this.keys,
        all: this.all || !this.keys?.length,
        origin: 'command',
        actor: { userId: null, label: translate('updates.origin_label.command', { user: userInfo().username }) },
        onProgress: (p) => bar.update(`${p.key} (${p.index + 1}/${p.count}): ${translate(`updates.phase.${p.phase}`)}`, p.done, p.total),
      })
    } catch (error) {
      bar.end()
      this.logger.error(describeFailure(error))
      this.exitCode = 1
      return
    }
    bar.end()
    if (!outcomes.length) {
      this.logger.info(translate('updates.cli.none_available'))
      return
    }
    for (const o of outcomes) {
      const line = `${o.key} ${o.fromVersion ?? '—'} → ${o.toVersion}`
      if (o.outcome === 'applied') {
        this.logger.success(translate('updates.cli.applied', { line, added: o.counts!.added, changed: o.counts!.changed, retired: o.counts!.retired }))
      } else if (o.outcome === 'skipped') {
        this.logger.info(o.message ?? translate('updates.cli.already_current', { line }))
      } else {
        this.logger.error(`${line}: ${o.message}`)
        this.exitCode = 1
      }
    }
  }
}
