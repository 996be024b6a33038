import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { existsSync } from 'node:fs'

export default class RefdataImport extends BaseCommand {
  static commandName = 'refdata:import'
  static description =
    'Import a reference dataset: comuni (Belfiore package or CSV), icd9cm (CSV codice;descrizione), asl (CSV codice;sigla;regione;provincia;comune_istat), ' +
    'drugs (AIFA files: anagrafica, PA_confezioni, Classe_A/Classe_H lists, lista di trasparenza, or aic;denominazione;atc;gruppo_equivalenza; a folder or a comma list makes one dataset), ' +
    'catalogue (codice;descrizione national list, or a regional CSV region;regional_code;national_code;description;…). Without a file: the embedded/curated data.'
  static help = [
    'node ace refdata:import comuni                      all comuni and foreign states of the Belfiore package',
    'node ace refdata:import icd9cm ../shared/data/icd9cm-diagnosi.csv',
    'node ace refdata:import asl ../shared/data/asl.csv --dry-run',
    'node ace refdata:import icd9cm                      the curated seed in database/seeds/',
    'node ace refdata:import drugs aifa/                 every AIFA CSV of the folder as one dataset (Fonte: AIFA, CC BY 4.0)',
    'node ace refdata:import drugs confezioni_fornitura.csv,Classe_A_per_nome_commerciale_15-01-2025.csv',
    'node ace refdata:import drugs ../shared/data/farmaci-equivalenti.csv',
    'node ace refdata:import catalogue ../shared/data/catalogo-nazionale-prestazioni.csv   national list, region "nazionale"',
    'node ace refdata:import catalogue catalogo_lazio.csv    a regional catalogue: replaces only the regions it holds',
  ]
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Dataset: comuni | icd9cm | asl | drugs | catalogue' })
  declare key: string

  @args.string({
    description: 'CSV file (; separated, UTF-8 or Windows-1252); for drugs also a folder or files separated by commas. Optional',
    required: false,
  })
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
    // drugs also takes a folder or files separated by commas
    const missing = this.file && !existsSync(this.file) ? this.file.split(',').find((f) => !existsSync(f.trim())) : undefined
    if (missing) {
      this.logger.error(`File non trovato: ${missing}`)
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
