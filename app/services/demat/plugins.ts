/*
| The region plugin in use. A region module registers itself at boot; the prescriptions
| module asks for it when sending. None registered: prescriptions wait (PENDING) with a
| clear reason, nothing is faked.
*/
import type { DematRegionPlugin } from '#services/demat/region_plugin'

let active: DematRegionPlugin | null = null

export function registerDematPlugin(plugin: DematRegionPlugin) {
  active = plugin
}

export function activeDematPlugin(): DematRegionPlugin | null {
  return active
}

/** Tests swap in their own plugin and put the previous one back. */
export function replaceDematPlugin(plugin: DematRegionPlugin | null): DematRegionPlugin | null {
  const previous = active
  active = plugin
  return previous
}
