import { defineModule } from '#core/modules/define_module'

/**
 * Ricetta dematerializzata through the Sogei SAC (regions that use the central service):
 * the SOAP client behind the region plugin, and a simulator of the service for development,
 * the demo and the tests (`node ace sac:simulator`).
 */
export default defineModule({
  name: 'demat-sac',
  title: 'Ricetta dematerializzata (SAC Sogei)',
  regions: ['abruzzo', 'basilicata', 'calabria', 'campania', 'lazio', 'marche', 'molise', 'sicilia', 'valle-d-aosta'],
  boot: async (app) => {
    const { bootSac } = await import('./services/boot_sac.js')
    await bootSac(app)
  },
})
