import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * `node ace backup:run`: every enabled task, one task (--task) or a one-off backup into a
 * folder (--to). Progress on stderr; exit code 1 when any backup failed.
 */
export default class BackupRunCommand extends BaseCommand {
  static commandName = 'backup:run'
  static description = translate('backups.cli.run_description')
  static help = [
    'Esempi:',
    '  node ace backup:run                       tutte le attività attive',
    '  node ace backup:run --task="Backup giornaliero"',
    '  node ace backup:run --to=/mnt/usb --with-attachments --password=...',
    'Il file si chiama studio-mg-<giorno>.zip; accanto, il registro studio-mg-<giorno>.txt.',
  ]

  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Nome dell’attività da eseguire' })
  declare task?: string

  @flags.string({ description: 'Cartella per un backup singolo, senza attività salvata' })
  declare to?: string

  @flags.string({ description: 'Con --to: password del backup (AES-256)' })
  declare password?: string

  @flags.boolean({ description: 'Con --to: includi gli allegati' })
  declare withAttachments?: boolean

  async run() {
    const { default: BackupTask } = await import('../models/backup_task.js')
    const { ensureDefaultTask } = await import('../services/default_task.js')
    const { runBackup, settingsOf } = await import('../services/run_task.js')
    const { cliProgress } = await import('../services/cli_progress.js')
    const { BackupError, describeFailure } = await import('../services/backup_error.js')
    const { isAbsolute, resolve } = await import('node:path')

    let jobs: Array<Parameters<typeof runBackup>[0]['settings']>
    try {
      if (this.to) {
        jobs = [
          {
            taskId: null,
            name: translate('backups.adhoc'),
            destination: isAbsolute(this.to) ? this.to : resolve(this.to),
            secondLocation: null,
            secondLocationMode: 'copy',
            password: this.password || null,
            attachments: this.withAttachments ? 'included' : 'none',
            notifyEmail: null,
            clinicName: null,
          },
        ]
      } else {
        await ensureDefaultTask()
        const query = BackupTask.query().orderBy('name')
        if (this.task) query.where('name', this.task)
        else query.where('is_enabled', true)
        const tasks = await query
        if (tasks.length === 0) {
          throw this.task ? new BackupError('task_not_found', { name: this.task }) : new BackupError('no_tasks')
        }
        jobs = tasks.map(settingsOf)
      }
    } catch (error) {
      this.logger.error(describeFailure(error))
      this.exitCode = 1
      return
    }

    let failed = 0
    for (const settings of jobs) {
      const bar = cliProgress()
      try {
        const run = await runBackup({ settings, origin: 'command', onProgress: bar.update })
        bar.end()
        if (run.status === 'success') {
          this.logger.success(
            translate('backups.cli.run_done', { task: settings.name, file: run.filePath, mb: ((run.sizeBytes ?? 0) / 1048576).toFixed(1) })
          )
        } else {
          failed++
          this.logger.error(translate('backups.cli.run_failed', { task: settings.name, error: run.error }))
          if (run.logPath) this.logger.info(run.logPath)
        }
      } catch (error) {
        bar.end()
        failed++
        this.logger.error(translate('backups.cli.run_failed', { task: settings.name, error: describeFailure(error) }))
      }
    }
    if (failed) {
      if (jobs.length > 1) this.logger.error(translate('backups.cli.run_summary_failed', { failed, total: jobs.length }))
      this.exitCode = 1
    }
  }
}
