/*
| HTTP transport to the Umbria SAR: JSON over HTTPS with mutual TLS, two signed tokens on every
| call (spec §7.1). It tells apart a call that surely did not reach the service from one whose
| outcome is unknown (timeout, 502, 504, reset after the request left): only the latter needs
| the recovery rule before anything is sent again.
*/
import http from 'node:http'
import https from 'node:https'
import type { TLSSocket } from 'node:tls'
import type { DoctorContext } from '#services/demat/region_plugin'
import type { UmbriaConfig } from './config.js'
import { newJti, signJwt } from './jwt.js'

/** The call did not give an answer. `uncertain`: the service may have processed it. */
export class SarTransportError extends Error {
  constructor(message: string, readonly uncertain: boolean, readonly status: number | null = null) {
    super(message)
  }
}

/** The service refused who calls: the signed tokens or the client certificate (HTTP 401/403, or a TLS alert). */
export class SarAuthError extends Error {}

/** The service refused the request's form (HTTP 400/422): a bug on our side, not retried. */
export class SarSchemaError extends Error {}

export type ActionId = 'CREATE' | 'READ' | 'DELETE'

// No connection was made: the request surely did not leave.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
// A TLS alert from the server (certificate missing, unknown CA, expired, revoked): the handshake
// failed, so the request never reached the service.
const CERTIFICATE_REFUSED = /^ERR_SSL_.*ALERT_(CERTIFICATE|BAD_CERTIFICATE|UNKNOWN_CA|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|HANDSHAKE_FAILURE)/
// Our side does not trust the server's certificate: nothing was sent either.
const SERVER_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

// HL7 OID of the Italian fiscal code, as in the SAR's sample tokens.
const CF_OID = '^^^&2.16.840.1.113883.2.9.4.3.2&ISO'

export class UmbriaClient {
  #agent: http.Agent

  constructor(readonly config: UmbriaConfig) {
    const tls = config.tls ?? {}
    this.#agent = config.baseUrl.startsWith('https:')
      ? new https.Agent({ keepAlive: true, cert: tls.cert, key: tls.key, ca: tls.ca })
      : new http.Agent({ keepAlive: true })
  }

  /** The two tokens of a call: who calls (Authorization) and for what (FSE-JWT-Signature). */
  tokens(ctx: DoctorContext, action: ActionId, patientFiscalCode: string | null) {
    const now = Math.floor(Date.now() / 1000)
    const jwt = this.config.jwt
    const signer = ctx.substituteFiscalCode || ctx.fiscalCode
    const base = {
      iss: jwt.issuer,
      iat: now,
      exp: now + (jwt.lifetimeSeconds ?? 300),
      jti: newJti(),
      aud: jwt.audience,
      sub: `${signer}${CF_OID}`,
    }
    const auth = signJwt(base, jwt.privateKey, jwt.certificateDer)
    const signature = signJwt(
      {
        ...base,
        jti: newJti(),
        subject_organization_id: ctx.regionCode,
        subject_organization: 'Regione Umbria',
        locality: `${ctx.regionCode}${ctx.aslCode}`,
        subject_role: 'APR',
        ...(patientFiscalCode ? { person_id: `${patientFiscalCode}${CF_OID}`, patient_consent: 'true' } : {}),
        purpose_of_use: 'TREATMENT',
        action_id: action,
        subject_application_id: this.config.application.id,
        subject_application_vendor: this.config.application.vendor,
        subject_application_version: this.config.application.version,
      },
      jwt.privateKey,
      jwt.certificateDer
    )
    return { auth, signature }
  }

  async post(path: string, body: unknown, ctx: DoctorContext, action: ActionId, patientFiscalCode: string | null = null): Promise<any> {
    const payload = JSON.stringify(body)
    const { auth, signature } = this.tokens(ctx, action, patientFiscalCode)
    const url = new URL(this.config.baseUrl + path)
    const transport = url.protocol === 'https:' ? https : http
    return new Promise((resolve, reject) => {
      let sent = false
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: this.#agent,
          headers: {
            'Content-Type': 'application/json',
            'Accept': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            'Authorization': `Bearer ${auth}`,
            'FSE-JWT-Signature': signature,
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk) => chunks.push(chunk))
          response.on('error', (error) => reject(new SarTransportError(`Risposta interrotta dal SAR Umbria: ${error.message}`, true)))
          response.on('end', () => {
            const status = response.statusCode ?? 0
            const text = Buffer.concat(chunks).toString('utf8')
            if (status === 401 || status === 403) return reject(new SarAuthError(`Il SAR Umbria ha rifiutato le credenziali (HTTP ${status}): ${errorText(text)}`))
            if (status === 400 || status === 422) return reject(new SarSchemaError(`Il SAR Umbria ha rifiutato il formato della richiesta (HTTP ${status}): ${errorText(text)}`))
            // 503: the gateway refused before passing the call on; 500, 502, 504: it may have gone through.
            if (status === 503) return reject(new SarTransportError('Il SAR Umbria non è disponibile (HTTP 503).', false, status))
            if (status >= 500 || status < 200 || status >= 300) return reject(new SarTransportError(`Il SAR Umbria ha risposto con un errore (HTTP ${status}): esito incerto.`, true, status))
            try {
              resolve(JSON.parse(text))
            } catch {
              reject(new SarTransportError('Risposta del SAR Umbria non leggibile: esito incerto.', true, status))
            }
          })
        }
      )
      request.setTimeout(this.config.timeoutMs, () => {
        request.destroy(new SarTransportError(`Il SAR Umbria non ha risposto entro ${Math.round(this.config.timeoutMs / 1000)} secondi: esito incerto.`, true))
      })
      request.on('finish', () => (sent = true))
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof SarTransportError) return reject(error)
        const code = error.code ?? ''
        if (CERTIFICATE_REFUSED.test(code)) {
          return reject(new SarAuthError(`Il SAR Umbria ha rifiutato il certificato client della connessione protetta (${code}).`))
        }
        if (SERVER_CERTIFICATE.has(code)) {
          return reject(new SarTransportError(`Certificato del SAR Umbria non riconosciuto (${code}): collegamento interrotto prima dell’invio.`, false))
        }
        // TLS never established (a reset during the handshake, e.g. a client certificate refused without an alert): nothing was sent.
        const socket = request.socket as TLSSocket | null
        if (url.protocol === 'https:' && socket && !socket.authorized && !NOT_CONNECTED.has(code)) {
          return reject(new SarTransportError(`Connessione protetta con il SAR Umbria non stabilita (${code || error.message}): nessun dato inviato; verificare il certificato client.`, false))
        }
        const notSent = !sent && NOT_CONNECTED.has(code)
        reject(new SarTransportError(`Collegamento al SAR Umbria non riuscito (${error.code ?? error.message})${notSent ? '' : ': esito incerto'}.`, !notSent))
      })
      request.end(payload)
    })
  }

  close() {
    this.#agent.destroy()
  }
}

function errorText(text: string) {
  try {
    const body = JSON.parse(text)
    return String(body.messaggio ?? body.message ?? body.esito ?? text).slice(0, 300)
  } catch {
    return text.slice(0, 300)
  }
}
