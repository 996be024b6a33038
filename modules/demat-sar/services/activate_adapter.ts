/*
| Registers the adapter of the installation's SAR region as the active region plugin and says
| in the log which one it is (a region not yet supported is logged as such, at warning level).
*/
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import { studioRegion } from '#config/modules'
import { registerDematPlugin } from '#services/demat/plugins'
import { adapterFor, describeAdapter, isSupported } from '../adapters/registry.js'

const SAR_ENV = [
  'SAR_UMBRIA_URL',
  'SAR_UMBRIA_CERT',
  'SAR_UMBRIA_KEY',
  'SAR_UMBRIA_CA',
  'SAR_UMBRIA_JWT_KEY',
  'SAR_UMBRIA_JWT_CERT',
  'SAR_UMBRIA_ISSUER',
  'SAR_UMBRIA_AUDIENCE',
  'SAR_UMBRIA_TIMEOUT_MS',
  'SAR_UMBRIA_LOT_SIZE',
  'SAR_UMBRIA_APP_VERSION',
  'SAR_FVG_URL',
  'SAR_FVG_USED_NRE_URL',
  'SAR_FVG_CERT',
  'SAR_FVG_KEY',
  'SAR_FVG_CA',
  'SAR_FVG_CF_CERT',
  'SAR_FVG_PRODUCT_CODE',
  'SAR_FVG_PRODUCT_VERSION',
  'SAR_FVG_DEVICE_ID',
  'SAR_FVG_CATALOGUE_VERSION',
  'SAR_FVG_TIMEOUT_MS',
] as const

export async function activateSarAdapter() {
  const region = studioRegion()
  const values: Record<string, string | undefined> = {}
  for (const name of SAR_ENV) {
    const value = env.get(name as any)
    values[name] = value === undefined || value === null ? undefined : String(value)
  }
  const plugin = adapterFor(region, values)
  registerDematPlugin(plugin)
  const line = describeAdapter(plugin)
  if (isSupported(region)) logger.info(line)
  else logger.warn(line)
  return plugin
}
