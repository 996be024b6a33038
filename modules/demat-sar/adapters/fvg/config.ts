/*
| Settings of the FVG SAR client, from the environment (spec §7.1). The doctor authenticates with
| his regional card (CRS/CNS) in mutual TLS: SAR_FVG_CERT / SAR_FVG_KEY are the card's certificate
| and key, one for the installation, or one per doctor when the path holds `{cf}` (replaced by the
| fiscal code of the doctor who signs). Insiel gives the software a product code (ProdottoCME)
| that travels in the User-Agent and in the `prodottoCme` attribute. The certificate that encrypts
| the patient's CF is configuration too: the regional specification names both SanitelCF and a
| certificate of its own [P], so neither is assumed.
*/
import { readFileSync } from 'node:fs'
import { hostname, release, type } from 'node:os'

export interface ClientIdentity {
  cert: string
  key: string
}

export interface FvgConfig {
  /** e.g. https://demtest.sanita.fvg.it (no trailing slash); paths are the regional ones. */
  baseUrl: string
  /** The used-NRE service has no published endpoint [U]: full URL when it is not under baseUrl. */
  usedNreUrl?: string | null
  timeoutMs: number
  /** The card (certificate and key, PEM) of the doctor who signs the call; null: none configured. */
  clientIdentity: (signerFiscalCode: string) => ClientIdentity | null
  /** CA of the service's certificate (PEM), when it is not a public one. */
  ca?: string | null
  /** Insiel's product code and our version, for the User-Agent and `prodottoCme`. */
  product: { code: string; version: string }
  /** The User-Agent's workstation part: operating system and a device id (par. 3.1). */
  workstation: { os: string; osVersion: string; deviceId: string }
  /** PEM certificate whose public key encrypts the patient's CF (codiceAss). */
  patientCfCertificate: string
  /** versioneCR, regional catalogue version with patch (`1.4.4`): required for specialist prescriptions. */
  catalogueVersion?: string | null
}

export class FvgNotConfigured extends Error {}

type Env = Record<string, string | undefined>

// User-Agent parts are separated by spaces and slashes: neither may appear inside one.
const token = (value: string) => value.trim().replace(/[\s/]+/g, '_') || 'n.d.'

export function defaultWorkstation(deviceId?: string | null) {
  return { os: token(type()), osVersion: token(release()), deviceId: token(deviceId || hostname()) }
}

export const FVG_REQUIRED_ENV = ['SAR_FVG_URL', 'SAR_FVG_CERT', 'SAR_FVG_KEY', 'SAR_FVG_PRODUCT_CODE', 'SAR_FVG_CF_CERT'] as const

export function fvgConfigFromEnv(env: Env): FvgConfig | FvgNotConfigured {
  const missing = FVG_REQUIRED_ENV.filter((name) => !env[name])
  if (missing.length) {
    return new FvgNotConfigured(`Servizio SAR del Friuli Venezia Giulia non configurato (mancano ${missing.join(', ')}): le ricette restano in attesa.`)
  }
  try {
    const certPath = env.SAR_FVG_CERT!
    const keyPath = env.SAR_FVG_KEY!
    const perDoctor = certPath.includes('{cf}') || keyPath.includes('{cf}')
    const read = (path: string) => readFileSync(path, 'utf8')
    const shared: ClientIdentity | null = perDoctor ? null : { cert: read(certPath), key: read(keyPath) }
    const cards = new Map<string, ClientIdentity | null>()
    const clientIdentity = (cf: string) => {
      if (shared) return shared
      if (!cards.has(cf)) {
        try {
          cards.set(cf, { cert: read(certPath.replaceAll('{cf}', cf)), key: read(keyPath.replaceAll('{cf}', cf)) })
        } catch {
          // A doctor without his card's files: the call is refused before leaving (not sent).
          return null
        }
      }
      return cards.get(cf) ?? null
    }
    return {
      baseUrl: env.SAR_FVG_URL!.replace(/\/+$/, ''),
      usedNreUrl: env.SAR_FVG_USED_NRE_URL || null,
      // The regional specification suggests falling back to paper past a few seconds (par. 2.3.3).
      timeoutMs: Number(env.SAR_FVG_TIMEOUT_MS ?? 15_000),
      clientIdentity,
      ca: env.SAR_FVG_CA ? read(env.SAR_FVG_CA) : null,
      product: { code: token(env.SAR_FVG_PRODUCT_CODE!), version: token(env.SAR_FVG_PRODUCT_VERSION ?? '1.0') },
      workstation: defaultWorkstation(env.SAR_FVG_DEVICE_ID),
      patientCfCertificate: read(env.SAR_FVG_CF_CERT!),
      catalogueVersion: env.SAR_FVG_CATALOGUE_VERSION || null,
    }
  } catch (error) {
    return new FvgNotConfigured(`Configurazione del SAR del Friuli Venezia Giulia non leggibile (${(error as Error).message}): le ricette restano in attesa.`)
  }
}
