/*
| Job handlers by name. Core jobs are registered here (`core.<job>`); module jobs come from
| the enabled modules' `jobs` (`<module>.<job>`), so a disabled module's jobs are unknown.
| The part before the first dot is the job's area, and the BullMQ queue it goes to.
*/
import type { JobHandler } from '#core/modules/define_module'
import studioModules from '#services/studio_modules'

type HandlerLoader = () => Promise<{ default: JobHandler }>

const coreJobs = new Map<string, HandlerLoader>()
// A dynamic import per attempt costs more than a small job: resolve each loader once.
const resolved = new WeakMap<HandlerLoader, Promise<JobHandler>>()

const NAME = /^[a-z][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*$/

export function registerJob(name: string, loader: HandlerLoader) {
  if (!NAME.test(name)) {
    throw new Error(`Job name "${name}" must look like "<area>.<job-name>" (lowercase, dashes).`)
  }
  coreJobs.set(name, loader)
}

export function unregisterJob(name: string) {
  coreJobs.delete(name)
}

export function queueOf(name: string): string {
  return name.slice(0, name.indexOf('.'))
}

export function jobExists(name: string): boolean {
  return coreJobs.has(name) || studioModules.job(name) !== undefined
}

export async function resolveHandler(name: string): Promise<JobHandler | null> {
  const loader = coreJobs.get(name) ?? studioModules.job(name)
  if (!loader) return null
  let handler = resolved.get(loader)
  if (!handler) {
    handler = loader().then((module) => module.default)
    resolved.set(loader, handler)
    // A loader that failed (syntax error being fixed in dev) is tried again next time.
    handler.catch(() => resolved.delete(loader))
  }
  return handler
}

/** Every queue that has at least one handler: one BullMQ queue (and worker) each. */
export function knownQueues(): string[] {
  const names = [...coreJobs.keys()]
  for (const m of studioModules.list) {
    if (m.jobs && Object.keys(m.jobs).length) names.push(`${m.name}.x`)
  }
  return [...new Set(names.map(queueOf))].sort()
}
