import type { ApplicationService } from '@adonisjs/core/types'
import { enabledModules, unknownRequestedModules } from '#core/modules/module_registry'
import studioModules from '#services/studio_modules'

/**
 * Plugs the enabled modules in: their views, routes, listeners and boot hooks.
 * A module that is not enabled is never imported beyond its entry file.
 */
export default class ModulesProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const unknown = unknownRequestedModules()
    if (unknown.length) {
      throw new Error(
        `STUDIO_MODULES names modules that do not exist: ${unknown.join(', ')}. ` +
          `Available: see the modules/ folder.`
      )
    }
    const modules = await enabledModules()
    studioModules.use(modules)

    const edge = (await import('edge.js')).default
    for (const m of modules) {
      if (m.viewsPath) edge.mount(m.name, m.viewsPath)
    }
    edge.global('moduleChartTabs', () => studioModules.chartTabs)
    if (this.app.inProduction) {
      const { keepComponentListing } = await import('#services/edge_component_listing')
      keepComponentListing(edge)
    }
  }

  async start() {
    const emitter = await this.app.container.make('emitter')
    for (const m of studioModules.list) {
      if (m.routes) await m.routes()
      for (const listener of m.listeners ?? []) {
        emitter.on(listener.event as any, async (data: unknown) => {
          const { default: handle } = await listener.handler()
          await handle(data)
        })
      }
      if (m.boot) await m.boot(this.app)
    }
  }
}
