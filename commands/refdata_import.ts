import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { existsSync } from 'node:fs'

export default class RefdataImport extends BaseCommand {
  static commandName = 'refdata:import'
  static description =
    'Import a reference dataset: comuni (Belfiore package or CSV), icd9cm (CSV codice;descrizione), asl (CSV codice;sigla;regione;provincia;comune_istat). Without a file: the embedded/curated data.'
  static help = [
    'node ace refdata:import comuni                      all comuni and foreign states of the Belfiore package',
    'node ace refdata:import icd9cm ../shared/data/icd9cm-diagnosi.csv',
    'node ace refdata:import asl ../shared/data/asl.csv --dry-run',
    'node ace refdata:import icd9cm                      the curated seed in database/seeds/',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Dataset: comuni | icd9cm | asl' })
  declare key: string

  @args.string({ description: 'CSV file (; separated, UTF-8 or Windows-1252). Optional', required: false })
  declare file?: string

  @flags.boolean({ description: 'Read, validate and report the changes without writing them' })
  declare dryRun: boolean

  async run() {
    const { importDataset, isDatasetKey, DATASET_KEYS } = await import('#services/refdata/import_dataset')
    if (!isDatasetKey(this.key)) {
      this.logger.error(`Dataset sconosciuto «${this.key}». Valori ammessi: ${DATASET_KEYS.join(', ')}.`)
      this.exitCode = 1
      return
    }
    if (this.file && !existsSync(this.file)) {
      this.logger.error(`File non trovato: ${this.file}`)
      this.exitCode = 1
      return
    }
    const source = this.file ?? (this.key === 'comuni' ? 'pacchetto Belfiore' : 'seed del progetto')
    const spinner = this.logger.await(`${this.key}: lettura di ${source}`)
    spinner.start()
    const steps = { read: 'lettura', compare: 'confronto', write: 'scrittura' }
    try {
      const report = await importDataset(this.key, this.file ?? null, {
        dryRun: this.dryRun,
        progress: (step, done, total) => spinner.update(`${this.key}: ${steps[step]} ${bar(done, total)} ${done}/${total}`),
      })
      spinner.stop()
      for (const skip of report.skipped.slice(0, 10)) this.logger.warning(`riga ${skip.line} scartata: ${skip.reason}`)
      if (report.skipped.length > 10) this.logger.warning(`... e altre ${report.skipped.length - 10} righe scartate`)
      this.logger.success(
        `${this.key} ${report.version}: ${report.total} righe valide — aggiunte ${report.added}, modificate ${report.changed}, ritirate ${report.removed}` +
          (report.skipped.length ? `, scartate ${report.skipped.length}` : '') +
          (report.dryRun ? ' (prova: nulla è stato scritto)' : '')
      )
    } catch (error) {
      spinner.stop()
      this.logger.error(`Import di ${this.key} non riuscito, nessuna modifica salvata: ${(error as Error).message}`)
      this.exitCode = 1
    }
  }
}

function bar(done: number, total: number, width = 24) {
  const filled = Math.round((done / Math.max(1, total)) * width)
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`
}
