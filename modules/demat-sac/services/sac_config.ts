/*
| The SAC plugin's settings from the environment. Development and tests talk to the simulator
| (its URL and its own certificate); production needs the real service URL and the SanitelCF
| certificate: without them no plugin is registered and prescriptions wait with that reason.
| The NRBE service (white prescriptions) and the DPCM services (red prescriptions) live on other
| hosts: without their URLs those prescriptions wait, except against the simulator, which serves
| them too.
*/
import { readFileSync } from 'node:fs'
import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import env from '#start/env'
import type { DoctorContext } from '#services/demat/region_plugin'
import { SanitelCertificate } from './sanitel_cf.js'
import type { SacPluginConfig, WhitePrescriberDetails } from './sac_plugin.js'
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

/**
 * Only for the simulator, until the core contract carries the prescriber's details: the NRBE
 * service refuses a white prescription without them.
 */
const SIMULATOR_PRESCRIBER: WhitePrescriberDetails = {
  registrationNumber: '00000',
  office: { street: 'Studio di prova', postalCode: '00100', city: 'Roma', province: 'RM' },
  phone: '0600000000',
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
  const simulatorUrl = `http://127.0.0.1:${port}`
  // With SAC_URL set, a service without its own URL is not offered rather than sent to no one.
  const whiteUrl = env.get('SAC_NRBE_URL') || (url ? null : simulatorUrl)
  const dpcmUrl = env.get('SAC_DPCM_URL') || (url ? null : simulatorUrl)
  return {
    simulatorPort: url ? null : port,
    config: {
      baseUrl: url ?? simulatorUrl,
      whiteBaseUrl: whiteUrl,
      dpcmBaseUrl: dpcmUrl,
      whitePrescriber: whiteUrl === simulatorUrl && !production ? () => SIMULATOR_PRESCRIBER : undefined,
      timeoutMs: env.get('SAC_TIMEOUT_MS') ?? 30_000,
      ca: caPath ? readFileSync(caPath, 'utf8') : null,
      rejectUnauthorized: env.get('SAC_TLS_REJECT_UNAUTHORIZED') ?? true,
      requestsPerSecond: env.get('SAC_REQUESTS_PER_SECOND') ?? (url ? 2 : 0),
      certificate,
      // Production: the session the doctor obtained through the Sistema TS two-factor flow.
      twoFactorSession: production ? (ctx: DoctorContext) => ctx.twoFactorSession?.id ?? null : testKitSession,
      twoFactorRequired: production,
    },
  }
}

