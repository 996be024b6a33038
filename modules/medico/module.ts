import { defineModule } from '#core/modules/define_module'

/**
 * Medico: the studio's doctors, clinics and opening hours, as staff and patients know them
 * ("Medico" page). The smallest real module, and the proof of the module mechanism.
 */
export default defineModule({
  name: 'medico',
  title: 'Medico e ambulatori',
  routes: () => import('./routes.js'),
  nav: [{ label: 'nav.medico', href: '/medico', order: 60 }],
  abilities: {
    // Opening hours are changed by the doctors and the administrator, not by staff.
    editHours: (user) => user.isAdmin || user.role === 'titolare',
  },
})
