/*
| Settings of the Umbria SAR client, from the environment: service URL, the client certificate
| for mutual TLS, the producer's signing key (and its certificate, sent in `x5c`), the token
| issuer and audience. Files are read once, at boot.
*/
import { readFileSync } from 'node:fs'
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto'

export interface UmbriaConfig {
  /** e.g. https://api-salute-test.regione.umbria.it/sar (no trailing slash). */
  baseUrl: string
  timeoutMs: number
  /** Mutual TLS: client certificate and key (PEM), and the CA that signs the server's certificate. */
  tls?: { cert?: string; key?: string; ca?: string }
  jwt: {
    privateKey: KeyObject
    /** DER base64 of the signing certificate (header `x5c`). */
    certificateDer?: string | null
    /** `integrity:S1#<codRegione>#<codice produttore>` in the SAR's sample tokens. */
    issuer: string
    audience: string
    lifetimeSeconds?: number
  }
  application: { id: string; vendor: string; version: string }
  /** '0': lots of 100 numbers, '1': lots of 1000 (spec §4.4). */
  lotKind: '0' | '1'
}

export class UmbriaNotConfigured extends Error {}

type Env = Record<string, string | undefined>

export function umbriaConfigFromEnv(env: Env): UmbriaConfig | UmbriaNotConfigured {
  const missing = ['SAR_UMBRIA_URL', 'SAR_UMBRIA_JWT_KEY'].filter((name) => !env[name])
  if (missing.length) {
    return new UmbriaNotConfigured(`Servizio SAR Umbria non configurato (mancano ${missing.join(', ')}): le ricette restano in attesa.`)
  }
  try {
    const baseUrl = env.SAR_UMBRIA_URL!.replace(/\/+$/, '')
    const certificate = env.SAR_UMBRIA_JWT_CERT ? new X509Certificate(readFileSync(env.SAR_UMBRIA_JWT_CERT)) : null
    return {
      baseUrl,
      timeoutMs: Number(env.SAR_UMBRIA_TIMEOUT_MS ?? 20_000),
      tls: {
        cert: env.SAR_UMBRIA_CERT ? readFileSync(env.SAR_UMBRIA_CERT, 'utf8') : undefined,
        key: env.SAR_UMBRIA_KEY ? readFileSync(env.SAR_UMBRIA_KEY, 'utf8') : undefined,
        ca: env.SAR_UMBRIA_CA ? readFileSync(env.SAR_UMBRIA_CA, 'utf8') : undefined,
      },
      jwt: {
        privateKey: createPrivateKey(readFileSync(env.SAR_UMBRIA_JWT_KEY!)),
        certificateDer: certificate ? certificate.raw.toString('base64') : null,
        issuer: env.SAR_UMBRIA_ISSUER ?? 'integrity:S1#100#STUDIOMG',
        audience: env.SAR_UMBRIA_AUDIENCE ?? new URL(baseUrl).origin,
      },
      application: { id: 'STUDIOMG', vendor: 'Studio MG', version: env.SAR_UMBRIA_APP_VERSION ?? '1.0' },
      lotKind: env.SAR_UMBRIA_LOT_SIZE === '1000' ? '1' : '0',
    }
  } catch (error) {
    return new UmbriaNotConfigured(`Configurazione del SAR Umbria non leggibile (${(error as Error).message}): le ricette restano in attesa.`)
  }
}
