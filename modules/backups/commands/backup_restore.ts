import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * `node ace backup:restore FILE`: refuses while Studio MG runs on this database (unless
 * --force), checks the archive (password, every checksum) before touching anything, then
 * replaces the data and checks row counts and checksums again.
 */
export default class BackupRestoreCommand extends BaseCommand {
  static commandName = 'backup:restore'
  static description = translate('backups.cli.restore_description')
  static help = [
    'Esempio: node ace backup:restore /mnt/usb/studio-mg-lunedi.zip --password=...',
    'Fermare prima il server di Studio MG. Il backup viene verificato prima di modificare i dati;',
    'una password errata o un file danneggiato non modificano nulla.',
    'Con gli allegati nel backup, la cartella attuale viene conservata come <cartella>_AAAA_MM_GG__hh_mm_ss.',
  ]

  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Il file di backup (.zip)' })
  declare file: string

  @flags.string({ description: 'Password del backup, se protetto' })
  declare password?: string

  @flags.boolean({ description: 'Ripristina anche con il server in esecuzione e senza chiedere conferma (sconsigliato)' })
  declare force?: boolean

  @flags.boolean({ description: 'Non ripristinare gli allegati anche se il backup li contiene' })
  declare skipAttachments?: boolean

  async run() {
    const { resolve } = await import('node:path')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const { storagePath } = await import('#config/studio')
    const { recordAudit } = await import('#services/audit_log')
    const { describeFailure } = await import('../services/backup_error.js')
    const { BackupError } = await import('../services/backup_error.js')
    const { targetFromConfig } = await import('../services/database_target.js')
    const { lockFileFor, runningServer } = await import('../services/server_lock.js')
    const { openForRestore, restoreBackup } = await import('../services/restore_backup.js')
    const { compareMigrations } = await import('../services/migration_names.js')
    const { cliProgress } = await import('../services/cli_progress.js')

    const file = resolve(this.file)
    const target = targetFromConfig()
    try {
      const server = runningServer(lockFileFor(target, this.app.makePath('tmp')))
      if (server && !this.force) throw new BackupError('server_running', { ...server })
      if (server) this.logger.warning(translate('backups.cli.restore_force_warning', { ...server }))

      // First look: password and kind, before asking anything.
      const archive = await openForRestore(file, this.password, target)
      const { manifest } = archive
      await archive.close()
      const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0)
      this.logger.info(
        translate('backups.cli.restore_summary', {
          createdAt: manifest.createdAt,
          version: manifest.appVersion,
          dialect: manifest.dialect,
          tables: manifest.tables.length,
          rows,
          attachments: manifest.includesAttachments
            ? translate('backups.cli.restore_with_attachments', { files: manifest.attachments.files })
            : '',
        })
      )
      const migrations = compareMigrations(manifest.migrations?.names ?? [])
      if (migrations.unknown.length) {
        this.logger.warning(translate('backups.cli.restore_migrations_newer', { names: migrations.unknown.join(', ') }))
      }
      if (process.stdin.isTTY && !this.force) {
        if (!(await this.prompt.confirm(translate('backups.cli.restore_confirm')))) {
          this.logger.info(translate('backups.cli.restore_cancelled'))
          return
        }
      }

      // Our own connections must not hold the database while it is replaced.
      await db.manager.closeAll()
      const bar = cliProgress()
      const result = await restoreBackup({
        file,
        password: this.password,
        target,
        storagePath,
        restoreAttachments: !this.skipAttachments,
        workDir: this.app.makePath('tmp', 'backups'),
        onProgress: bar.update,
        log: (line) => this.logger.log(line),
      })
      bar.end()
      const total = result.tables.reduce((sum, t) => sum + t.rows, 0)
      await recordAudit(
        {},
        { action: 'restore', entity: 'database', details: { file, createdAt: manifest.createdAt, tables: result.tables.length, rows: total } }
      ).catch(() => {})
      this.logger.success(translate('backups.cli.restore_done', { tables: result.tables.length, rows: total }))
      if (result.previousStorage) {
        this.logger.info(translate('backups.cli.restore_previous_storage', { path: result.previousStorage }))
      }
      if (migrations.pending.length) this.logger.warning(translate('backups.cli.restore_migrations_pending'))
    } catch (error) {
      this.logger.error(describeFailure(error))
      this.exitCode = 1
    }
  }
}
