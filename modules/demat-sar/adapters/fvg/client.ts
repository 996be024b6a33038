/*
| SOAP 1.1 over HTTPS to the FVG SAR: mutual TLS with the signing doctor's card, the User-Agent
| the regional specification requires (`<ProdottoCME>/<Versione> <SO>/<Versione SO>
| <CFTitolare>/<DeviceId>`, par. 3.1), an empty SOAPAction. It tells a call that surely did not
| reach the service apart from one whose outcome is unknown (timeout, 500/502/504, reset after the
| request left): only the latter needs a reconciliation before anything is sent again (spec §8).
*/
import https from 'node:https'
import http from 'node:http'
import { X509Certificate } from 'node:crypto'
import type { DoctorContext } from '#services/demat/region_plugin'
import type { FvgConfig } from './config.js'
import { FVG_PATHS, type FvgOperation } from './protocol.js'

/** No usable answer. `uncertain`: the service may have processed the request. */
export class FvgTransportError extends Error {
  constructor(
    message: string,
    readonly uncertain: boolean,
    readonly httpStatus: number | null = null
  ) {
    super(message)
  }
}

/** The card, the product code or the doctor's position was refused: the doctor must act, no retry. */
export class FvgAuthError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null
  ) {
    super(message)
  }
}

/** The request broke the service's schema: our bug, not retried. */
export class FvgSchemaError extends Error {}

/** The service answered but refused a query that is not a prescription (e.g. used NREs). */
export class FvgRefused extends Error {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

export interface SoapReply {
  status: number
  body: string
}

// TLS alerts by which the service refuses the card: the handshake failed, nothing was processed.
const CARD_REFUSED = /ALERT_(CERTIFICATE_REQUIRED|BAD_CERTIFICATE|UNKNOWN_CA|HANDSHAKE_FAILURE|ACCESS_DENIED|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE)/
// Before any byte reached the service: a resend is safe.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])
const SERVER_CERT = new Set(['CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_TLS_CERT_ALTNAME_INVALID'])

const NAME = 'SAR del Friuli Venezia Giulia'

/** The CF a regional card carries: serialNumber `TINIT-<CF>` (CNS/CRS), or a CF in the CN. */
export function cardFiscalCode(certificatePem: string): string | null {
  let subject: string
  try {
    subject = new X509Certificate(certificatePem).subject
  } catch {
    return null
  }
  const serial = /serialNumber=(?:TINIT-)?([A-Z0-9]{16})\b/i.exec(subject)
  if (serial) return serial[1].toUpperCase()
  const cn = /CN=([^\n]*)/.exec(subject)?.[1] ?? ''
  return /\b([A-Z]{6}[0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])\b/i.exec(cn)?.[1]?.toUpperCase() ?? null
}

export function userAgent(config: FvgConfig, titolareFiscalCode: string) {
  const { product, workstation } = config
  return `${product.code}/${product.version} ${workstation.os}/${workstation.osVersion} ${titolareFiscalCode.toUpperCase()}/${workstation.deviceId}`
}

export class FvgClient {
  #agents = new Map<string, http.Agent>()

  constructor(readonly config: FvgConfig) {}

  urlOf(operation: FvgOperation) {
    if (operation === 'interrogaNre' && this.config.usedNreUrl) return this.config.usedNreUrl
    return this.config.baseUrl + FVG_PATHS[operation]
  }

  #agentFor(signer: string, url: URL): http.Agent {
    if (url.protocol !== 'https:') {
      const plain = this.#agents.get('http') ?? new http.Agent({ keepAlive: true })
      this.#agents.set('http', plain)
      return plain
    }
    const identity = this.config.clientIdentity(signer)
    if (!identity) throw new FvgAuthError(`Manca il certificato della carta del medico ${signer} per il ${NAME}.`)
    // Par. 2.2: send only if the card is the signing doctor's.
    const owner = cardFiscalCode(identity.cert)
    if (owner && owner !== signer) throw new FvgAuthError(`La carta configurata è del medico ${owner}, ma la ricetta è firmata da ${signer}: usare la carta del medico che firma.`)
    let agent = this.#agents.get(identity.cert)
    if (!agent) {
      agent = new https.Agent({ keepAlive: true, cert: identity.cert, key: identity.key, ca: this.config.ca ?? undefined, rejectUnauthorized: true })
      this.#agents.set(identity.cert, agent)
    }
    return agent
  }

  /** One SOAP call signed by the doctor's card; a SOAP Fault comes back as a reply for the caller to read. */
  async call(operation: FvgOperation, envelope: string, ctx: DoctorContext): Promise<SoapReply> {
    const url = new URL(this.urlOf(operation))
    const signer = (ctx.substituteFiscalCode || ctx.fiscalCode).toUpperCase()
    const agent = this.#agentFor(signer, url)
    const transport = url.protocol === 'https:' ? https : http
    const payload = Buffer.from(envelope, 'utf8')
    const seconds = (this.config.timeoutMs / 1000).toLocaleString('it-IT', { maximumFractionDigits: 1 })
    return new Promise((resolve, reject) => {
      let settled = false
      const fail = (error: Error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(error)
      }
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': 'text/xml;charset=UTF-8',
            'Content-Length': payload.length,
            // The WSDLs declare soapAction="".
            'SOAPAction': '""',
            'User-Agent': userAgent(this.config, ctx.fiscalCode),
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk) => chunks.push(chunk))
          response.on('error', () => fail(new FvgTransportError(`Risposta interrotta dal ${NAME}: esito incerto.`, true)))
          response.on('end', () => {
            if (settled) return
            settled = true
            clearTimeout(timer)
            try {
              resolve(this.#reply(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')))
            } catch (error) {
              reject(error)
            }
          })
        }
      )
      const timer = setTimeout(() => {
        fail(new FvgTransportError(`Il ${NAME} non ha risposto entro ${seconds} secondi: esito incerto.`, true))
        request.destroy()
      }, this.config.timeoutMs)
      request.on('error', (error: NodeJS.ErrnoException) => fail(this.#networkError(error)))
      request.end(payload)
    })
  }

  #reply(status: number, body: string): SoapReply {
    if (status === 401 || status === 403) throw new FvgAuthError(`Il ${NAME} ha rifiutato la carta o il prodotto (HTTP ${status}).`)
    if (status >= 300 && status < 400) throw new FvgTransportError(`Il ${NAME} ha risposto con un reindirizzamento (HTTP ${status}).`, false, status)
    // A SOAP Fault comes with HTTP 500 and is read by the caller.
    if (status >= 400 && !/<(\w+:)?Envelope[\s>]/.test(body)) {
      if (status === 503) throw new FvgTransportError(`Il ${NAME} non è disponibile (HTTP 503).`, false, status)
      if (status === 404) throw new FvgTransportError(`Servizio del ${NAME} non trovato (HTTP 404): controllare SAR_FVG_URL.`, false, status)
      if (status === 400 || status === 415 || status === 422) throw new FvgSchemaError(`Il ${NAME} ha rifiutato il formato della richiesta (HTTP ${status}).`)
      // 500, 502, 504 and the like: the gateway may have passed the call on.
      throw new FvgTransportError(`Il ${NAME} ha risposto con un errore (HTTP ${status}): esito incerto.`, status >= 500, status)
    }
    return { status, body }
  }

  #networkError(error: NodeJS.ErrnoException): Error {
    const code = error.code ?? ''
    if (CARD_REFUSED.test(code)) return new FvgAuthError(`Il ${NAME} ha rifiutato il certificato della carta del medico (${code}).`)
    if (NOT_SENT.has(code)) return new FvgTransportError(`${NAME} non raggiungibile (${code}).`, false)
    if (SERVER_CERT.has(code)) return new FvgTransportError(`Certificato del ${NAME} non riconosciuto (${code}): controllare SAR_FVG_CA.`, false)
    return new FvgTransportError(`Collegamento al ${NAME} interrotto (${code || error.message}): esito incerto.`, true)
  }

  close() {
    for (const agent of this.#agents.values()) agent.destroy()
    this.#agents.clear()
  }
}
