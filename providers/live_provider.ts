import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Live notifications in the web server: who may listen to which channel, and the core's
 * `studio:changed` event. Console commands (seeding thousands of patients) publish nothing.
 */
export default class LiveProvider {
  constructor(protected app: ApplicationService) {}

  async start() {
    if (!['web', 'test'].includes(this.app.getEnvironment())) return
    const transmit = await this.app.container.make('transmit')
    const { authorizeLiveChannels } = await import('#services/live/channels')
    const { watchStudioChanges } = await import('#services/live/studio_changes')
    authorizeLiveChannels(transmit)
    watchStudioChanges()
  }
}
