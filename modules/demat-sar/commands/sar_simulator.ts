import { readFileSync } from 'node:fs'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

const REGIONS = ['umbria', 'friuli-venezia-giulia']

/**
 * `node ace sar:simulator --region umbria --port 8450`: a SAR simulator on a local port, for the
 * demo and manual tests. Point SAR_UMBRIA_URL (or SAR_FVG_URL) at it. Stops with Ctrl+C.
 */
export default class SarSimulatorCommand extends BaseCommand {
  static commandName = 'sar:simulator'
  static description = 'Avvia il simulatore del sistema di accoglienza regionale (SAR)'
  static help = [
    'Esempi:',
    '  node ace sar:simulator --region umbria --port 8450',
    '  node ace sar:simulator --region umbria --port 8450 --fail-rate 0.3 --timeout-rate 0.1',
    '  node ace sar:simulator --region umbria --port 8450 --public-key firma.pub.pem',
    '  node ace sar:simulator --region friuli-venezia-giulia --port 8460 --doctor RSSMRA80A01H501U',
    'Umbria: senza --public-key i token sono verificati con il certificato che portano (solo per prove).',
    'Friuli Venezia Giulia: HTTPS con mutua autenticazione; CA, certificato del server, carte dei medici',
    '(una per --doctor) e certificato di cifratura del CF stanno in tmp/sar-fvg-simulator/ e valgono fra',
    'un avvio e l’altro. Con la carta del medico: POST /__simulator/status {"nre":"…","status":"8"},',
    '/__simulator/downgrade {"code":"060120"}, /__simulator/fault {"fault":"502"}; una voce specialistica',
    'con codice di catalogo DG-060125 riceve sempre il codice 060125 (ricetta rossa).',
  ]

  static options: CommandOptions = { startApp: false, staysAlive: true }

  @flags.string({ description: 'Regione del SAR da simulare (umbria, friuli-venezia-giulia)', default: 'umbria' })
  declare region: string

  @flags.number({ description: 'Porta di ascolto', default: 8450 })
  declare port: number

  @flags.string({ description: 'Umbria: chiave pubblica (PEM) che firma i token', alias: 'k' })
  declare publicKey?: string

  @flags.array({ description: 'FVG: codice fiscale di un medico per cui preparare la carta di prova (ripetibile)' })
  declare doctor?: string[]

  @flags.array({ description: 'FVG: codice prodotto CME accreditato (ripetibile; senza: ogni codice ben formato)' })
  declare product?: string[]

  @flags.boolean({ description: 'FVG: rifiuta una carta assente o sconosciuta già nella negoziazione TLS (invece di HTTP 403)' })
  declare refuseAtHandshake?: boolean

  @flags.number({ description: 'Quota di chiamate con errore 5xx (0-1)', default: 0 })
  declare failRate: number

  @flags.number({ description: 'Quota di chiamate senza risposta (0-1)', default: 0 })
  declare timeoutRate: number

  async run() {
    if (!REGIONS.includes(this.region)) {
      this.logger.error(`Simulatore non disponibile per la regione "${this.region}": oggi ${REGIONS.join(', ')}.`)
      this.exitCode = 1
      return
    }
    const faults = this.failRate || this.timeoutRate ? { failRate: this.failRate, timeoutRate: this.timeoutRate } : undefined
    let stop: () => Promise<unknown>
    let stats: () => unknown
    if (this.region === 'friuli-venezia-giulia') {
      const { FvgSimulator } = await import('../services/simulator/fvg_simulator.js')
      const { ensureFvgTlsMaterial, fvgTlsPaths } = await import('../services/simulator/fvg_tls_material.js')
      const dir = this.app.tmpPath('sar-fvg-simulator')
      const doctors = (this.doctor ?? []).map((cf) => cf.trim().toUpperCase()).filter(Boolean)
      const tls = await ensureFvgTlsMaterial(dir, doctors)
      const simulator = new FvgSimulator({ port: this.port, tls, products: this.product ?? null, refuseAtHandshake: this.refuseAtHandshake, faults })
      simulator.keepReceived = false
      await simulator.start()
      const paths = fvgTlsPaths(dir)
      this.logger.info(`Simulatore SAR Friuli Venezia Giulia in ascolto su ${simulator.url}`)
      this.logger.info(`SAR_FVG_URL=${simulator.url} SAR_FVG_CA=${paths.ca} SAR_FVG_CF_CERT=${paths.encryption}`)
      this.logger.info(`SAR_FVG_CERT=${paths.cardCert} SAR_FVG_KEY=${paths.cardKey} (carte: ${[...tls.cards.keys()].join(', ') || 'nessuna, usare --doctor'})`)
      stop = () => simulator.stop()
      stats = () => simulator.stats
    } else {
      const { UmbriaSarSimulator } = await import('../services/simulator/umbria_simulator.js')
      const simulator = new UmbriaSarSimulator({ port: this.port, publicKeys: this.publicKey ? [readFileSync(this.publicKey, 'utf8')] : [], faults })
      simulator.keepReceived = false
      await simulator.start()
      this.logger.info(`Simulatore SAR Umbria in ascolto su ${simulator.url}`)
      stop = () => simulator.stop()
      stats = () => simulator.stats
    }
    const shutdown = async () => {
      await stop()
      this.logger.info(`Simulatore fermato: ${JSON.stringify(stats())}`)
      process.exit(0)
    }
    process.once('SIGINT', shutdown)
    process.once('SIGTERM', shutdown)
  }
}
