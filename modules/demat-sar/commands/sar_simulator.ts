import { readFileSync } from 'node:fs'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace sar:simulator --region umbria --port 8450`: the SAR simulator on a local port, for
 * the demo and manual tests. Point SAR_UMBRIA_URL at it. Stops with Ctrl+C.
 */
export default class SarSimulatorCommand extends BaseCommand {
  static commandName = 'sar:simulator'
  static description = 'Avvia il simulatore del sistema di accoglienza regionale (SAR)'
  static help = [
    'Esempi:',
    '  node ace sar:simulator --region umbria --port 8450',
    '  node ace sar:simulator --region umbria --port 8450 --fail-rate 0.3 --timeout-rate 0.1',
    '  node ace sar:simulator --region umbria --port 8450 --public-key firma.pub.pem',
    'Senza --public-key i token sono verificati con il certificato che portano (solo per prove).',
  ]

  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.string({ description: 'Regione del SAR da simulare (oggi: umbria)', default: 'umbria' })
  declare region: string

  @flags.number({ description: 'Porta di ascolto', default: 8450 })
  declare port: number

  @flags.string({ description: 'Chiave pubblica (PEM) che firma i token', alias: 'k' })
  declare publicKey?: string

  @flags.number({ description: 'Quota di chiamate con errore 5xx (0-1)', default: 0 })
  declare failRate: number

  @flags.number({ description: 'Quota di chiamate senza risposta (0-1)', default: 0 })
  declare timeoutRate: number

  async run() {
    if (this.region !== 'umbria') {
      this.logger.error(`Simulatore non disponibile per la regione "${this.region}": oggi solo umbria.`)
      this.exitCode = 1
      return
    }
    const { UmbriaSarSimulator } = await import('../services/simulator/umbria_simulator.js')
    const simulator = new UmbriaSarSimulator({
      port: this.port,
      publicKeys: this.publicKey ? [readFileSync(this.publicKey, 'utf8')] : [],
      faults: this.failRate || this.timeoutRate ? { failRate: this.failRate, timeoutRate: this.timeoutRate } : undefined,
    })
    simulator.keepReceived = false
    await simulator.start()
    this.logger.info(`Simulatore SAR Umbria in ascolto su ${simulator.url}`)
    const stop = async () => {
      await simulator.stop()
      this.logger.info(`Simulatore fermato: ${JSON.stringify(simulator.stats)}`)
      process.exit(0)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
