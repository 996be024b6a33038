/*
| Edge's component tags (`@!component`-less `@!field(...)`) are found by listing every mounted
| views folder. Edge repeats that listing before each render unless it was created with its
| cache on, and the default instance is created before the provider turns the cache on: in
| production every page paid a directory scan of every module. Templates do not change in
| production, so the listing is kept until a disk is mounted or unmounted.
*/
import type { Edge } from 'edge.js'

export function keepComponentListing(edge: Edge) {
  const loader = edge.loader
  const list = loader.listComponents.bind(loader)
  let listed: ReturnType<typeof list> | null = null
  loader.listComponents = () => (listed ??= list())
  for (const name of ['mount', 'unmount'] as const) {
    const original = (loader as any)[name].bind(loader)
    ;(loader as any)[name] = (...args: unknown[]) => {
      listed = null
      return original(...args)
    }
  }
}
