import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/** `node ace backup:export-doctor --doctor=rossi --to=/mnt/usb`: one titolare's patients. */
export default class BackupExportDoctorCommand extends BaseCommand {
  static commandName = 'backup:export-doctor'
  static description = translate('backups.cli.export_description')
  static help = ['Esempio: node ace backup:export-doctor --doctor=rossi --to=/mnt/usb --password=... --with-attachments']

  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Nome utente del medico titolare' })
  declare doctor?: string

  @flags.string({ description: 'Cartella di destinazione' })
  declare to?: string

  @flags.string({ description: 'Password del file (AES-256), facoltativa' })
  declare password?: string

  @flags.boolean({ description: 'Includi gli allegati dei pazienti' })
  declare withAttachments?: boolean

  async run() {
    const { join, resolve } = await import('node:path')
    const { DateTime } = await import('luxon')
    const { storagePath } = await import('#config/studio')
    const { describeFailure } = await import('../services/backup_error.js')
    const { exportDoctorPatients, findTitolare } = await import('../services/doctor_export.js')

    if (!this.doctor) return this.fail(translate('backups.cli.missing_doctor'))
    if (!this.to) return this.fail(translate('backups.cli.missing_to'))
    try {
      const doctor = await findTitolare(this.doctor)
      const file = join(resolve(this.to), `studio-mg-pazienti-${doctor.username}-${DateTime.now().toFormat('yyyyMMdd-HHmm')}.zip`)
      const result = await exportDoctorPatients({
        doctor,
        file,
        password: this.password || null,
        includeAttachments: Boolean(this.withAttachments),
        storageDir: storagePath,
        actor: null,
      })
      this.logger.success(
        translate('backups.cli.export_done', {
          patients: result.manifest.doctor!.patients,
          doctor: doctor.fullName,
          file: result.file,
          mb: (result.bytes / 1048576).toFixed(1),
        })
      )
    } catch (error) {
      this.fail(describeFailure(error))
    }
  }

  private fail(message: string) {
    this.logger.error(message)
    this.exitCode = 1
  }
}
