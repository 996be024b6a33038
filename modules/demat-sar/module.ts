import { defineModule } from '#core/modules/define_module'

/**
 * Ricetta dematerializzata through a regional reception system (SAR): one adapter per SAR
 * region, chosen by STUDIO_REGION. Implemented, each with its simulator
 * (`node ace sar:simulator --region <region>`): Umbria (PuntoZero, REST/JSON, NREs from lots)
 * and Friuli Venezia Giulia (Insiel, SAC SOAP messages with regional namespaces, mutual TLS with
 * the doctor's card, red-prescription fallback on codes 060120–060130). The other SAR regions
 * load an adapter that keeps prescriptions waiting with a clear reason.
 */
export default defineModule({
  name: 'demat-sar',
  title: 'Ricetta dematerializzata (SAR regionale)',
  // Values as STUDIO_REGION; Trentino-Alto Adige has two SARs, so the province is named.
  regions: [
    'piemonte',
    'lombardia',
    'bolzano',
    'alto-adige',
    'trento',
    'trentino',
    'veneto',
    'friuli-venezia-giulia',
    'liguria',
    'emilia-romagna',
    'toscana',
    'umbria',
    'puglia',
    'sardegna',
  ],
  boot: async () => {
    const { activateSarAdapter } = await import('./services/activate_adapter.js')
    await activateSarAdapter()
  },
})
