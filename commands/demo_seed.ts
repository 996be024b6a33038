import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class DemoSeed extends BaseCommand {
  static commandName = 'demo:seed'
  static description = 'Create a realistic demo studio: staff accounts, clinics and N patients with their records'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'How many patients', default: 500 })
  declare patients: number

  @flags.number({ description: 'Random seed (the same seed gives the same studio)', default: 2026 })
  declare seed: number

  @flags.boolean({ description: 'Delete the existing demo data first (the audit log is kept)' })
  declare fresh: boolean

  async run() {
    const { seedDemoStudio, patientCount, wipeDemoData, DEMO_PASSWORD } = await import('#services/demo/seed_demo_studio')
    const { ensureReferenceData } = await import('#services/refdata/import_dataset')
    if (!Number.isInteger(this.patients) || this.patients < 0 || this.patients > 1_000_000) {
      this.logger.error('--patients deve essere un numero intero tra 0 e 1.000.000')
      this.exitCode = 1
      return
    }
    const existing = await patientCount()
    if (existing > 0 && !this.fresh) {
      this.logger.error(`Il database contiene già ${existing} pazienti: usa --fresh per ricreare lo studio dimostrativo.`)
      this.exitCode = 1
      return
    }
    const started = Date.now()
    const { default: studioModules } = await import('#services/studio_modules')
    const moduleDemos = await Promise.all(studioModules.list.filter((m) => m.demo).map(async (m) => ({ name: m.name, demo: await m.demo!() })))
    if (this.fresh) {
      for (const { demo } of moduleDemos) await demo.wipe()
      await wipeDemoData()
    }
    await ensureReferenceData((key) => this.logger.info(`carico i dati di riferimento: ${key}`))

    const spinner = this.logger.await(`Creo ${this.patients} pazienti`)
    spinner.start()
    let counts
    try {
      counts = await seedDemoStudio({
      patients: this.patients,
      seed: this.seed,
      onProgress: (written, total) => {
        const width = 30
        const filled = Math.round((written / Math.max(1, total)) * width)
        spinner.update(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${written}/${total} pazienti`)
      },
      })
    } catch (error) {
      spinner.stop()
      this.logger.error(`Creazione dello studio dimostrativo non riuscita: ${String((error as Error).message).slice(0, 300)}`)
      this.exitCode = 1
      return
    }
    spinner.stop()
    const seconds = ((Date.now() - started) / 1000).toFixed(1)
    this.logger.success(
      `Studio dimostrativo pronto in ${seconds} s: ${counts.patients} pazienti, ${counts.problems} problemi, ${counts.therapies} terapie, ${counts.measurements} misurazioni, ${counts.vaccinations} vaccinazioni, ${counts.exemptions} esenzioni, ${counts.diary} note di diario.`
    )
    for (const { name, demo } of moduleDemos) {
      try {
        this.logger.info(`${name}: ${await demo.seed()}`)
      } catch (error) {
        this.logger.error(`${name}: dati dimostrativi non creati: ${String((error as Error).message).slice(0, 300)}`)
        this.exitCode = 1
      }
    }
    this.logger.info(`Accessi (password ${DEMO_PASSWORD}): admin, rossi, bianchi, verdi, segreteria, infermiera`)
  }
}
