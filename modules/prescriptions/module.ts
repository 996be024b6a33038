import { defineModule } from '#core/modules/define_module'

/**
 * Prescriptions: prescribing from the chart (drug list, regional catalogue, limits and the
 * automatic split), the staff-to-doctor validation queue of Gestione Studio with its live
 * banner, sending through the installation's region plugin with retries, promemoria PDFs and
 * delivery (print, SMS, e-mail as a protected zip).
 */
export default defineModule({
  name: 'prescriptions',
  title: 'Prescrizioni e Gestione Studio',
  routes: () => import('./routes.js'),
  nav: [{ label: 'nav.gestione_studio', href: '/gestione-studio', order: 25, visibleTo: (user) => user.role !== 'admin' }],
  chartTabs: [{ slug: 'prescrizioni', label: 'prescriptions.tab', order: 10 }],
  banners: [
    { url: '/gestione-studio/avviso', refreshOn: 'prescriptions:changed', visibleTo: (user) => user.role === 'titolare' || user.role === 'sostituto' },
  ],
  demo: () => import('./demo.js'),
  // Nightly, the dispensing state of the prescriptions still within validity (spec §8).
  boot: async (app) => {
    if (app.getEnvironment() !== 'web') return
    const { default: jobs } = await import('#services/jobs/main')
    await jobs.schedule('prescriptions.check-dispensing', {}, { pattern: '15 2 * * *' }, { key: 'prescriptions.check-dispensing' })
    // The MEF checks red transmissions in batches: its verdict is asked for every two hours.
    await jobs.schedule('prescriptions.check-red', {}, { pattern: '40 */2 * * *' }, { key: 'prescriptions.check-red' })
  },
  abilities: {
    use: (user) => user.role !== 'admin',
  },
  // The promemoria published for the patient portal.
  patientDocuments: () => import('./services/portal_documents.js'),
  jobs: {
    'check-dispensing': () => import('./jobs/check_dispensing.js'),
    send: () => import('./jobs/send.js'),
    cancel: () => import('./jobs/cancel.js'),
    'send-red': () => import('./jobs/send_red.js'),
    'check-red': () => import('./jobs/check_red.js'),
  },
})
