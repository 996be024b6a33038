/*
| What the enabled modules add, collected once at boot by the modules provider.
| The layout reads the navigation, bouncer reads the abilities, the job service the jobs.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'
import type { Ability, JobHandler, ModuleDefinition, NavEntry } from '#core/modules/define_module'
import type { LoadedModule } from '#core/modules/module_registry'

class StudioModules {
  #modules: LoadedModule[] = []
  #nav: NavEntry[] = []
  #abilities: Record<string, Ability> = {}
  #jobs = new Map<string, () => Promise<{ default: JobHandler }>>()
  #chartTabs: Array<{ slug: string; label: string; order?: number }> = []
  #banners: NonNullable<ModuleDefinition['banners']> = []

  use(modules: LoadedModule[]) {
    this.#modules = modules
    this.#nav = modules.flatMap((m) => m.nav ?? [])
    this.#banners = modules.flatMap((m) => m.banners ?? [])
    this.#chartTabs = modules.flatMap((m) => m.chartTabs ?? []).sort((a, b) => (a.order ?? 50) - (b.order ?? 50))
    this.#abilities = {}
    this.#jobs.clear()
    for (const m of modules) {
      for (const [name, ability] of Object.entries(m.abilities ?? {})) {
        // Bouncer needs its own ability wrapper; modules declare plain functions.
        this.#abilities[`${m.name}.${name}`] =
          typeof (ability as any).execute === 'function' ? ability : (Bouncer.ability(ability as any) as any)
      }
      for (const [name, loader] of Object.entries(m.jobs ?? {})) {
        this.#jobs.set(`${m.name}.${name}`, loader)
      }
    }
  }

  get names(): string[] {
    return this.#modules.map((m) => m.name)
  }

  get list(): LoadedModule[] {
    return this.#modules
  }

  isEnabled(name: string): boolean {
    return this.names.includes(name)
  }

  /** Navigation entries of the modules that this user may see. */
  navFor(user: User): NavEntry[] {
    return this.#nav.filter((entry) => !entry.visibleTo || entry.visibleTo(user))
  }

  /** The banners this user sees on every page. */
  bannersFor(user: User) {
    return this.#banners.filter((banner) => !banner.visibleTo || banner.visibleTo(user))
  }

  /** Chart tabs added by the enabled modules, in order. */
  get chartTabs() {
    return this.#chartTabs
  }

  get abilities(): Record<string, Ability> {
    return this.#abilities
  }

  job(name: string) {
    return this.#jobs.get(name)
  }
}

const studioModules = new StudioModules()
export default studioModules
