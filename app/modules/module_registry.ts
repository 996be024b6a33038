/*
| Discovers modules under modules/<name>/module.(ts|js) and decides which are enabled
| from STUDIO_MODULES and STUDIO_REGION. Module entry files are cheap to import: they
| only declare lazy imports.
*/
import { existsSync, readdirSync } from 'node:fs'
import { modulesRoot, requestedModules, studioRegion } from '#config/modules'
import type { ModuleDefinition } from '#core/modules/define_module'

export interface LoadedModule extends ModuleDefinition {
  root: URL
  migrationsPath: string | null
  viewsPath: URL | null
  commandsPath: URL | null
}

let cache: { key: string; modules: LoadedModule[] } | null = null

/** Names of every module folder that has an entry file, sorted. */
export function availableModuleNames(): string[] {
  if (!existsSync(modulesRoot)) return []
  return readdirSync(modulesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((name) => entryFile(name) !== null)
    .sort()
}

function entryFile(name: string): URL | null {
  for (const file of ['module.ts', 'module.js']) {
    const url = new URL(`${name}/${file}`, modulesRoot)
    if (existsSync(url)) return url
  }
  return null
}

function optionalDir(root: URL, path: string): URL | null {
  const url = new URL(path, root)
  return existsSync(url) ? url : null
}

async function loadModule(name: string): Promise<LoadedModule> {
  const root = new URL(`${name}/`, modulesRoot)
  const { default: definition } = (await import(entryFile(name)!.href)) as {
    default: ModuleDefinition
  }
  const migrations = optionalDir(root, 'database/migrations/')
  return {
    ...definition,
    root,
    migrationsPath: migrations ? `modules/${name}/database/migrations` : null,
    viewsPath: optionalDir(root, 'views/'),
    commandsPath: optionalDir(root, 'commands/'),
  }
}

/** The modules this installation runs, in name order. */
export async function enabledModules(): Promise<LoadedModule[]> {
  const requested = requestedModules()
  const region = studioRegion()
  const key = `${JSON.stringify(requested)}|${region}`
  if (cache?.key === key) return cache.modules

  const names = availableModuleNames().filter((n) => requested === 'all' || requested.includes(n))
  const modules = (await Promise.all(names.map(loadModule))).filter(
    (m) => !m.regions || m.regions.includes(region)
  )
  cache = { key, modules }
  return modules
}

/** Modules requested by name that do not exist: reported at boot, never silently ignored. */
export function unknownRequestedModules(): string[] {
  const requested = requestedModules()
  if (requested === 'all') return []
  const available = new Set(availableModuleNames())
  return requested.filter((name) => !available.has(name))
}
