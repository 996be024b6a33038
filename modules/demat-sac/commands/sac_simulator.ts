import { readFileSync } from 'node:fs'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace sac:simulator --port 8089`: the simulator of the Sogei SAC services on a local port,
 * for the demo and manual tests: prescriptions, white electronic prescriptions (NRBE) and the
 * online data of red prescriptions (DPCM). Point SAC_URL (and SAC_NRBE_URL, SAC_DPCM_URL) at it,
 * and SAC_CERT_PATH at its certificate when the app keeps its data elsewhere. Stops with Ctrl+C.
 */
export default class SacSimulatorCommand extends BaseCommand {
  static commandName = 'sac:simulator'
  static description = 'Avvia il simulatore dei servizi SAC (Sogei) per la ricetta dematerializzata'
  static help = [
    'Esempi:',
    '  node ace sac:simulator --port 8089',
    '  node ace sac:simulator --port 8089 --fail-rate 0.3 --timeout-rate 0.1',
    '  node ace sac:simulator --port 8089 --doctors medici.json',
    'medici.json: [{"username":"...","password":"...","pincode":"...","fiscalCode":"..."}].',
    'Senza --doctors accetta qualunque utente e password e ogni pincode di 10 caratteri.',
    'Stato di erogazione: POST /__simulator/status {"nre":"...","status":"5"|"8"} (NRE o NRBE).',
    'Richieste ricevute ed elaborate: POST /__simulator/settled {"sent":{"<porta client>":<richieste>}}.',
  ]

  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.number({ description: 'Porta di ascolto (127.0.0.1)', default: 8089 })
  declare port: number

  @flags.number({ description: 'Quota di chiamate che falliscono: 5xx, SOAP Fault, risposta persa (0-1)', default: 0 })
  declare failRate: number

  @flags.number({ description: 'Quota di chiamate senza risposta (0-1)', default: 0 })
  declare timeoutRate: number

  @flags.number({ description: 'Quota di chiamate registrate ma senza risposta (0-1)', default: 0 })
  declare dropRate: number

  @flags.number({ description: 'Ritardo aggiunto a ogni risposta, in millisecondi', default: 0 })
  declare slowMs: number

  @flags.string({ description: 'File JSON con i medici e le loro credenziali' })
  declare doctors?: string

  @flags.number({ description: 'Tempo dei controlli del MEF sulle ricette rosse prima dell’esito, in millisecondi', default: 0 })
  declare redProcessingMs: number

  async run() {
    const { SacSimulator } = await import('../services/simulator/sac_simulator.js')
    const simulator = new SacSimulator({
      port: this.port,
      keyDir: this.app.tmpPath('sac-simulator'),
      doctors: this.doctors ? JSON.parse(readFileSync(this.doctors, 'utf8')) : null,
      faults: { failRate: this.failRate, timeoutRate: this.timeoutRate, dropRate: this.dropRate, slowMs: this.slowMs },
      redProcessingMs: this.redProcessingMs,
    })
    await simulator.start()
    this.logger.info(`Simulatore SAC in ascolto su ${simulator.url}`)
    this.logger.info(`Certificato SanitelCF del simulatore: ${simulator.certificatePath}`)
    const stop = async () => {
      await simulator.close()
      this.logger.info(`Simulatore fermato: ${JSON.stringify(simulator.stats)}`)
      process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
