import { defineModule } from '#core/modules/define_module'
import { canManageBackups } from './abilities.js'

/**
 * Backups: scheduled backup tasks of the database and the encrypted storage folder, the
 * archives (zip, AES-256 with a password) verified before they replace last week's file,
 * restore from the command line, per-doctor export. Admin page: /admin/backup.
 */
export default defineModule({
  name: 'backups',
  title: 'Backup',
  routes: () => import('./routes.js'),
  nav: [{ label: 'backups.nav', href: '/admin/backup', order: 85, visibleTo: canManageBackups }],
  abilities: { manage: canManageBackups },
  jobs: {
    run: () => import('./jobs/run_backup.js'),
  },
  boot: async (app) => {
    if (app.getEnvironment() !== 'web') return
    const { startServerHooks } = await import('./services/server_hooks.js')
    await startServerHooks(app)
  },
})
