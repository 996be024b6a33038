/*
| The staff menu: core entries plus those of the enabled modules, filtered by role.
*/
import type User from '#models/user'
import type { NavEntry } from '#core/modules/define_module'
import studioModules from '#services/studio_modules'
import { translate } from '#services/i18n'

const coreEntries: NavEntry[] = [
  { label: 'nav.home', href: '/', order: 10 },
  { label: 'nav.patients', href: '/pazienti', order: 20, visibleTo: (u) => u.role !== 'admin' },
  { label: 'nav.admin', href: '/admin', order: 90, visibleTo: (u) => u.isAdmin },
]

export function navigationFor(user: User) {
  return [...coreEntries.filter((e) => !e.visibleTo || e.visibleTo(user)), ...studioModules.navFor(user)]
    .sort((a, b) => (a.order ?? 50) - (b.order ?? 50))
    .map((e) => ({ label: translate(e.label), href: e.href }))
}
