/*
| At start: registers the SAC plugin. In the development web server without SAC_URL the
| simulator runs inside the app (like the mail catcher), so a doctor can send and print.
*/
import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import { registerDematPlugin } from '#services/demat/plugins'
import { SacPlugin } from './sac_plugin.js'
import { SacNotConfigured, sacSettings, simulatorKeyDir } from './sac_config.js'

export async function bootSac(app: ApplicationService) {
  let settings
  try {
    settings = sacSettings(app)
  } catch (error) {
    if (!(error instanceof SacNotConfigured)) throw error
    // The studio still works: prescriptions wait as "in attesa" with the reason until it is configured.
    logger.error(error.message)
    return
  }
  if (settings.simulatorPort !== null && app.getEnvironment() === 'web' && !app.inProduction) {
    const { SacSimulator } = await import('./simulator/sac_simulator.js')
    let simulator = new SacSimulator({ port: settings.simulatorPort, keyDir: simulatorKeyDir(app) })
    try {
      await simulator.start()
    } catch {
      // Port taken (a simulator started by hand?): use a free one for our own.
      simulator = new SacSimulator({ port: 0, keyDir: simulatorKeyDir(app) })
      await simulator.start()
    }
    const planned = settings.config.baseUrl
    settings.config.baseUrl = simulator.url
    // The NRBE and DPCM services of the simulator are on the same port.
    if (settings.config.whiteBaseUrl === planned) settings.config.whiteBaseUrl = simulator.url
    if (settings.config.dpcmBaseUrl === planned) settings.config.dpcmBaseUrl = simulator.url
    logger.info(`simulatore SAC in ascolto su ${simulator.url} (certificato ${simulator.certificatePath})`)
    app.terminating(async () => simulator.close())
  }
  if (!settings.config.whiteBaseUrl) logger.info('Ricetta bianca elettronica (NRBE): SAC_NRBE_URL non impostato, le ricette restano in attesa.')
  if (!settings.config.dpcmBaseUrl) logger.info('Ricette rosse (DPCM): SAC_DPCM_URL non impostato, le trasmissioni al MEF restano in coda.')
  const plugin = new SacPlugin(settings.config)
  registerDematPlugin(plugin)
  app.terminating(async () => plugin.close())
}
