import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { existsSync } from 'node:fs'

export default class RefdataImport extends BaseCommand {
  static commandName = 'refdata:import'
  static description = 'Import a reference dataset (comuni, icd9cm, asl) from a file or the project seed'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Dataset: comuni | icd9cm | asl' })
  declare key: string

  @args.string({ description: 'CSV file (; separated). Optional: the project seed is used without it', required: false })
  declare file?: string

  @flags.boolean({ description: 'Validate and report without changing the database' })
  declare dryRun: boolean

  async run() {
    const { importDataset, DATASET_KEYS } = await import('#services/refdata/import_dataset')
    if (!DATASET_KEYS.includes(this.key as any)) {
      this.logger.error(`Dataset sconosciuto "${this.key}". Valori ammessi: ${DATASET_KEYS.join(', ')}`)
      this.exitCode = 1
      return
    }
    if (this.file && !existsSync(this.file)) {
      this.logger.error(`File non trovato: ${this.file}`)
      this.exitCode = 1
      return
    }
    const spinner = this.logger.await(`Importo ${this.key}`)
    spinner.start()
    try {
      const report = await importDataset(this.key as any, this.file ?? null, {
        dryRun: this.dryRun,
        progress: (done, total) => spinner.update(`Importo ${this.key}: ${done}/${total}`),
      })
      spinner.stop()
      this.logger.success(
        `${this.key}: ${report.total} righe — aggiunte ${report.added}, modificate ${report.changed}, ritirate ${report.removed}${report.dryRun ? ' (prova, nulla salvato)' : ''}`
      )
    } catch (error) {
      spinner.stop()
      this.logger.error(`Import di ${this.key} non riuscito: ${(error as Error).message}`)
      this.exitCode = 1
    }
  }
}
