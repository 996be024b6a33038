/*
| The SAC plugin's settings from the environment. Development and tests talk to the simulator
| (its URL and its own certificate); production needs the real service URL and the SanitelCF
| certificate: without them no plugin is registered and prescriptions wait with that reason.
*/
import { readFileSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import type { DoctorContext } from '#services/demat/region_plugin'
import { SanitelCertificate } from './sanitel_cf.js'
import type { SacPluginConfig } from './sac_plugin.js'
import { ensureSimulatorKeys } from './simulator/certificate.js'

export const DEFAULT_SIMULATOR_PORT = 8089

export function simulatorKeyDir(app: ApplicationService) {
  return app.tmpPath('sac-simulator')
}

/** Spec §6.1: the test environment's fixed session format; production uses the A2F flow. */
function testKitSession(ctx: DoctorContext) {
  const now = new Date()
  return `${ctx.credentials.username}-${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-RICETTA-DEM-PRESCRITTORE`
}

export interface SacSettings {
  config: SacPluginConfig
  /** No SAC_URL outside production: the simulator serves this port. */
  simulatorPort: number | null
}

export class SacNotConfigured extends Error {}

export function sacSettings(app: ApplicationService): SacSettings {
  const production = app.inProduction
  const url = env.get('SAC_URL')
  const certPath = env.get('SAC_CERT_PATH')
  if (production && (!url || !certPath)) {
    throw new SacNotConfigured('Ricetta dematerializzata (SAC): in produzione servono SAC_URL e SAC_CERT_PATH (certificato SanitelCF).')
  }
  const port = env.get('SAC_SIMULATOR_PORT') ?? DEFAULT_SIMULATOR_PORT
  const caPath = env.get('SAC_TLS_CA_PATH')
  let warned = false
  const certificate = async () => {
    const cert = certPath
      ? await SanitelCertificate.fromFile(certPath)
      : new SanitelCertificate((await ensureSimulatorKeys(simulatorKeyDir(app))).certificatePem)
    if (!warned && cert.daysLeft() < 60) {
      warned = true
      logger.warn(`Il certificato SanitelCF scade tra ${cert.daysLeft()} giorni: sostituirlo (SAC_CERT_PATH).`)
    }
    return cert
  }
  return {
    simulatorPort: url ? null : port,
    config: {
      baseUrl: url ?? `http://127.0.0.1:${port}`,
      timeoutMs: env.get('SAC_TIMEOUT_MS') ?? 30_000,
      ca: caPath ? readFileSync(caPath, 'utf8') : null,
      rejectUnauthorized: env.get('SAC_TLS_REJECT_UNAUTHORIZED') ?? true,
      requestsPerSecond: env.get('SAC_REQUESTS_PER_SECOND') ?? (url ? 2 : 0),
      certificate,
      twoFactorSession: production ? undefined : testKitSession,
    },
  }
}

