/*
| One adapter per SAR region. Umbria and Friuli Venezia Giulia are implemented; every other SAR
| region gets an adapter that says plainly it is not supported yet, so prescriptions wait instead
| of going anywhere else.
*/
import type { DematRegionPlugin } from '#services/demat/region_plugin'
import { NotYetSupportedPlugin } from './not_yet_supported.js'
import { SAR_REGIONS, sarRegion } from './sar_regions.js'
import { umbriaConfigFromEnv } from './umbria/config.js'
import { UmbriaPlugin } from './umbria/umbria_plugin.js'
import { fvgConfigFromEnv } from './fvg/config.js'
import { FvgPlugin } from './fvg/fvg_plugin.js'

type Env = Record<string, string | undefined>

const IMPLEMENTED: Record<string, (env: Env) => DematRegionPlugin> = {
  'umbria': (env) => new UmbriaPlugin(umbriaConfigFromEnv(env)),
  'friuli-venezia-giulia': (env) => new FvgPlugin(fvgConfigFromEnv(env)),
}

export function adapterFor(regionKey: string, env: Env): DematRegionPlugin {
  const region = sarRegion(regionKey)
  if (!region) throw new Error(`La regione "${regionKey}" non usa un sistema di accoglienza regionale (SAR).`)
  const build = IMPLEMENTED[region.key]
  return build ? build(env) : new NotYetSupportedPlugin(region)
}

export function isSupported(regionKey: string) {
  return regionKey in IMPLEMENTED
}

/** The STUDIO_REGION values this module answers for. */
export const SAR_REGION_KEYS = SAR_REGIONS.map((r) => r.key)

/** One line for the boot log: which adapter is active, and whether it can send. */
export function describeAdapter(plugin: DematRegionPlugin): string {
  const p = plugin as DematRegionPlugin & { supported?: boolean; message?: string }
  if (p.supported === false) return `Ricetta dematerializzata: adattatore ${plugin.id} NON SUPPORTATO — ${p.message}`
  return `Ricetta dematerializzata: adattatore ${plugin.id} attivo (regione ${plugin.regionCodes.join(', ')})`
}
