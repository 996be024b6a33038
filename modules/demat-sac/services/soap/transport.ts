/*
| One SOAP call over HTTP(S): preemptive Basic authentication, the quoted SOAPAction, a timeout
| through AbortSignal, TLS verification by default, no redirects, and a gentle pace per host
| (spec §6.1: at most 2 requests a second). A call with an attachment (the DPCM file) goes as
| SOAP with attachments; a multipart answer is read from its root part.
*/
import { Agent, fetch } from 'undici'
import { OPERATIONS, type SacOperation } from './protocol.js'
import { SacAuthError, SacTransportError } from './errors.js'
import { buildSoapWithAttachment, parseMultipart, type Attachment } from './multipart.js'

export interface TransportOptions {
  baseUrl: string
  timeoutMs: number
  /** Extra CA certificates (PEM), e.g. a private CA in front of the service. */
  ca?: string | null
  rejectUnauthorized?: boolean
  /** 0 = no pacing (simulator, tests). */
  requestsPerSecond?: number
}

export interface SoapCall {
  operation: SacOperation
  body: string
  username: string
  password: string
  twoFactorSession?: string | null
  attachment?: Attachment | null
}

export interface SoapReply {
  status: number
  body: string
}

/** Errors raised before any byte could reach the service: a resend is safe. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID'])

function errorCode(error: unknown): string {
  let current: any = error
  for (let depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code
    current = current.cause
  }
  return ''
}

export class SoapTransport {
  readonly #agent: Agent
  #nextSlot = 0

  constructor(readonly options: TransportOptions) {
    this.#agent = new Agent({
      connect: { ca: options.ca ?? undefined, rejectUnauthorized: options.rejectUnauthorized ?? true },
      keepAliveTimeout: 10_000,
    })
  }

  async #pace() {
    const rate = this.options.requestsPerSecond ?? 0
    if (rate <= 0) return
    const now = Date.now()
    const slot = Math.max(now, this.#nextSlot)
    this.#nextSlot = slot + Math.ceil(1000 / rate)
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now))
  }

  async call(call: SoapCall): Promise<SoapReply> {
    const op = OPERATIONS[call.operation]
    const url = new URL(op.path, this.options.baseUrl).toString()
    const headers: Record<string, string> = {
      'Content-Type': 'text/xml;charset=UTF-8',
      'SOAPAction': `"${op.action}"`,
      'Authorization': `Basic ${Buffer.from(`${call.username}:${call.password}`, 'utf8').toString('base64')}`,
    }
    if (call.twoFactorSession) headers['Authorization2F'] = `Bearer ${call.twoFactorSession}`
    let payload: string | Buffer = call.body
    if (call.attachment) {
      const related = buildSoapWithAttachment(call.body, call.attachment)
      headers['Content-Type'] = related.contentType
      payload = related.body
    }
    await this.#pace()
    const signal = AbortSignal.timeout(this.options.timeoutMs)
    let status: number
    let body: string
    try {
      const response = await fetch(url, { method: 'POST', headers, body: payload, signal, redirect: 'manual', dispatcher: this.#agent })
      status = response.status
      const type = response.headers.get('content-type') ?? ''
      if (/^multipart\//i.test(type)) {
        const parts = parseMultipart(Buffer.from(await response.arrayBuffer()), type)
        body = parts[0]?.body.toString('utf8') ?? ''
      } else body = await response.text()
    } catch (error) {
      const code = errorCode(error)
      const name = (error as Error).name
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new SacTransportError(`Nessuna risposta dal servizio entro ${this.options.timeoutMs} ms.`, true)
      }
      const notSent = NOT_SENT.has(code)
      throw new SacTransportError(`Servizio non raggiungibile (${code || (error as Error).message}).`, !notSent)
    }
    if (status === 401 || status === 403) throw new SacAuthError('Credenziali del Sistema TS rifiutate dal servizio (utente o password).')
    if (status >= 300 && status < 400) throw new SacTransportError(`Il servizio ha risposto con un reindirizzamento (HTTP ${status}).`, false, status)
    // A SOAP Fault comes with HTTP 500 and is read by the caller; any other non-XML 5xx is transport.
    if (status >= 400 && !/<(\w+:)?Envelope[\s>]/.test(body)) {
      throw new SacTransportError(`Il servizio ha risposto HTTP ${status}.`, status >= 500, status)
    }
    return { status, body }
  }

  async close() {
    await this.#agent.close()
  }
}
