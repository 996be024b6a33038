/*
| The one door of a module: `modules/<name>/module.ts` default-exports defineModule({...}).
| Everything a module adds to the studio is declared here, so that a disabled module adds
| nothing: no route, navigation entry, ability, job, listener, command or migration.
*/
import type { ApplicationService } from '@adonisjs/core/types'
import type User from '#models/user'

export type Role = 'admin' | 'titolare' | 'sostituto' | 'collaboratore'

export interface NavEntry {
  /** Italian label shown in the menu. */
  label: string
  href: string
  /** Lower numbers come first; core entries use 10..90. */
  order?: number
  /** Shown only when this returns true for the signed-in user (default: every staff user). */
  visibleTo?: (user: User) => boolean
}

export type Ability = (user: User, ...args: any[]) => boolean | Promise<boolean>

export type JobHandler = (payload: any) => Promise<unknown>

export interface ModuleDefinition {
  /** Folder name under modules/, also the Edge namespace (`medico::pages/index`). */
  name: string
  /** Human title in Italian, shown in /admin. */
  title: string
  /**
   * Region plugins load only in these regions (values as STUDIO_REGION: `lazio`, ...).
   * Leave out for modules that work in every region.
   */
  regions?: string[]
  /** Registers the module's routes (lazy import of its routes file). */
  routes?: () => Promise<unknown>
  nav?: NavEntry[]
  /**
   * Tabs the module adds to the patient's chart, after the core ones: `/pazienti/<id>/<slug>`
   * (the module's routes serve them). `label` is an Italian string or an i18n key.
   */
  chartTabs?: Array<{ slug: string; label: string; order?: number }>
  /**
   * Banners on every staff page (for example "Ci sono N prescrizioni in attesa"): the layout
   * loads `url` with htmx and reloads it when the live event `refreshOn` arrives. The module's
   * route answers an empty body when there is nothing to say.
   */
  banners?: Array<{ url: string; refreshOn: string; visibleTo?: (user: User) => boolean }>
  /**
   * Demo data of the module, run by `node ace demo:seed` after the core's studio: `seed`
   * returns a one-line summary; `wipe` removes it first with --fresh (before the patients go).
   */
  demo?: () => Promise<{ seed: () => Promise<string>; wipe: () => Promise<void> }>
  /**
   * Documents the module publishes for patients to take from the patient portal (see
   * `#services/patient_documents`).
   */
  patientDocuments?: () => Promise<{ default: import('#services/patient_documents').PatientDocumentsProvider }>
  /** Bouncer abilities, named `<module>.<ability>` when registered. */
  abilities?: Record<string, Ability>
  /** Job handlers by job name, run by the core job service. */
  jobs?: Record<string, () => Promise<{ default: JobHandler }>>
  /** Event listeners: core event name → handler. */
  listeners?: Array<{ event: string; handler: () => Promise<{ default: (data: any) => unknown }> }>
  /** Extra boot work (rare: most modules need none). */
  boot?: (app: ApplicationService) => Promise<void> | void
}

export function defineModule(definition: ModuleDefinition): ModuleDefinition {
  return definition
}
