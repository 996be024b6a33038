import { defineModule } from '#core/modules/define_module'
import { canManageUpdates } from './abilities.js'

/**
 * Live update: a signed feed (Ed25519 over a manifest of packages with SHA-256) read from a
 * URL or a folder, checked 3 minutes after start and then at an interval; reference datasets,
 * DSS rule sets and messages applied each in a transaction, with history. Admin page:
 * /admin/aggiornamenti; messages for every staff member: /aggiornamenti/messaggi.
 */
export default defineModule({
  name: 'live-update',
  title: 'Aggiornamenti',
  routes: () => import('./routes.js'),
  nav: [
    { label: 'updates.nav_messages', href: '/aggiornamenti/messaggi', order: 80 },
    { label: 'updates.nav', href: '/admin/aggiornamenti', order: 86, visibleTo: canManageUpdates },
  ],
  abilities: { manage: canManageUpdates },
  jobs: {
    check: () => import('./jobs/check_updates.js'),
    apply: () => import('./jobs/apply_updates.js'),
  },
  boot: async (app) => {
    if (app.getEnvironment() !== 'web') return
    const { startServerHooks } = await import('./services/check_schedule.js')
    await startServerHooks(app)
  },
})
