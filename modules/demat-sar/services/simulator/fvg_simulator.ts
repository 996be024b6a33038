/*
| A simulator of the FVG SAR prescriber services (Insiel): a real HTTPS server on a loopback port
| that verifies the client certificate (the doctor's card, mutual TLS) and speaks the regional SOAP
| (spec §6, §7.1): empty SOAPAction, the User-Agent with an accredited product code, the regional
| namespaces and `prodottoCme`, tags in XSD order without empty optional ones. It checks the
| fields the way the service does (card vs doctor, CF, ASL, codes, quantities, catalogue), issues
| NREs of region 060 and authentication codes in the SAC format, keeps prescriptions and their
| dispensing state, answers the downgrade codes 060120–060130, and can be told to be slow, to
| fail, to time out or to lose the answer after registering (fault tests).
|
| A missing or unknown card gets HTTP 403 from the gateway; with `refuseAtHandshake` the TLS
| handshake itself fails instead.
|
| Control endpoints (same TLS, card required):
|   GET  /__simulator/health
|   POST /__simulator/status      {"nre": "...", "status": "3" | "5" | "8"}
|   POST /__simulator/downgrade   {"code": "060120", "form": "errore" | "fault", "count": 1}
|   POST /__simulator/fault       {"fault": "502", "count": 1}
|   POST /__simulator/substitute  {"titolare": "...", "sostituto": "...", "enabled": true}
| A specialist item with catalogue code `DG-0601nn` is always answered with downgrade code 0601nn.
*/
import https from 'node:https'
import type http from 'node:http'
import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { constants, privateDecrypt, randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { isValidFiscalCode } from '#services/patients/fiscal_code'
import {
  CANCEL_TAGS,
  FOREIGN_TAGS,
  ITEM_LIST_TAG,
  ITEM_TAG,
  ITEM_TAGS,
  OUTCOME_TAGS,
  REQUEST_ROOTS,
  RESPONSE_ROOTS,
  SEND_HEADER_TAGS,
  SOAP_ENV,
  USED_NRE_TAGS,
  VIEW_TAGS,
  type SacOperation,
} from '#services/demat/sac_schema/protocol'
import { buildXml, childNames, list, localName, parseXml, parseXmlRaw, prefixPart, soapBody, soapFaultXml, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacCodeMessage } from '#services/demat/sac_schema/messages'
import {
  CATALOGUE_VERSION_PATTERN,
  FVG_NAMESPACES,
  FVG_REGION_CODE,
  FVG_REQUIRED_SEND_TAGS,
  FVG_REQUIRED_USED_NRE_TAGS,
  FVG_SUBSTITUTE_NS,
  FVG_TYPES_NS,
  SUBSTITUTE_REQUEST_ROOT,
  SUBSTITUTE_RESPONSE_ROOT,
  SUBSTITUTE_TAGS,
  fvgOperationByPath,
  isDowngradeCode,
  type FvgOperation,
} from '../../adapters/fvg/protocol.js'
import { createFvgTlsMaterial, type FvgTlsMaterial } from './fvg_tls_material.js'

export type FvgFault = '500' | '502' | '503' | '504' | 'timeout' | 'lost' | 'lost-timeout' | 'reset' | 'slow'

export interface FvgSimulatorOptions {
  port?: number
  host?: string
  /** CA, server certificate, encryption key; made up at start when missing. */
  tls?: FvgTlsMaterial
  /** Refuse a missing or unknown card during the TLS handshake instead of with HTTP 403. */
  refuseAtHandshake?: boolean
  /** Product codes Insiel has accredited; null or empty: any well-formed code. */
  products?: string[] | null
  /** Titolare→substitute pairs enabled; null: every substitute is enabled. */
  substitutes?: Array<[string, string]> | null
  /** AIC codes of drugs dispensed on behalf of the ASL (communication 0196). */
  dpcDrugs?: string[]
  /** How long a timed-out call is held before its connection is closed, ms. */
  hangMs?: number
  /** Delay of a "slow" answer, ms. */
  slowMs?: number
  /** Random faults: share of failing calls, of timeouts, and of those that happen after registering. */
  faults?: { failRate?: number; timeoutRate?: number; lostShare?: number; seed?: number; operations?: FvgOperation[] }
}

export interface FvgStored {
  nre: string
  authCode: string
  insertedAt: string
  kind: string
  compiledAt: string
  cfMedico1: string
  cfMedico2: string
  patientCode: string
  header: Record<string, string>
  items: Array<Record<string, string>>
  /** statoProcesso: 3 to dispense, 4 cancelled, 5 being dispensed, 8 dispensed. */
  status: string
}

export interface FvgReceived {
  operation: FvgOperation
  headers: http.IncomingHttpHeaders
  body: string
  card: string | null
}

type Fields = Record<string, string>

interface SimError {
  code: string
  text?: string
  itemIndex?: number
  severity?: 'Bloccante' | 'Avviso'
}

class SchemaFault extends Error {}

class Answer {
  constructor(
    readonly status: number,
    readonly xml: string
  ) {}
}

const CF_SHAPE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const STP_ENI = /^(STP|ENI)[0-9]{13}$/
const NRE_PATTERN = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/
const COMPILED_AT = /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/
const TIPO_RIC = ['', 'EE', 'UE', 'NA', 'ND', 'NE', 'NX', 'ST']
const FOREIGN_TIPO_RIC = ['EE', 'UE', 'NE', 'NX']
// Par. 3.1: `<ProdottoCME>/<VersioneCME> <S.Operativo>/<Versione S.O.> <CFTitolare>/<DeviceId>`.
const USER_AGENT = /^([^\s/]+)\/([^\s/]+) (.+)\/([^\s/]+) ([A-Z0-9]{16})\/([^\s/]+)$/
const DOWNGRADE_CATALOGUE = /^DG-([0-9]{6})$/

/** Spec §4.9: the AIC check digit. */
export function aicCheckDigit(first8: string) {
  let sum = 0
  for (let i = 0; i < 8; i++) {
    const d = Number(first8[i])
    if (i % 2 === 1) {
      const doubled = d * 2
      sum += Math.floor(doubled / 10) + (doubled % 10)
    } else sum += d
  }
  return String(sum % 10)
}

function mulberry32(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const romeNow = () => DateTime.now().setZone('Europe/Rome')

function cardOf(req: http.IncomingMessage): string | null {
  const peer = (req.socket as TLSSocket).getPeerCertificate?.()
  const serial = String(peer?.subject?.serialNumber ?? '')
  const match = /^(?:TINIT-)?([A-Z0-9]{16})$/i.exec(serial)
  return match ? match[1].toUpperCase() : null
}

export class FvgSimulator {
  readonly prescriptions = new Map<string, FvgStored>()
  /** Faults for the next calls, in order, before the random ones. */
  readonly script: FvgFault[] = []
  /** Downgrade answers for the next specialist sends. */
  readonly downgrades: Array<{ code: string; form: 'errore' | 'fault' }> = []
  readonly received: FvgReceived[] = []
  readonly stats = { calls: 0, faults: 0, lost: 0, registered: 0, rejected: 0, cancelled: 0, downgrades: 0, byOperation: {} as Record<string, number> }
  keepReceived = true
  substitutes: Set<string> | null
  #tls: FvgTlsMaterial | null
  #server: https.Server | null = null
  #sockets = new Set<Socket>()
  #timers = new Set<NodeJS.Timeout>()
  #random: () => number
  #nreCounter = randomInt(0, 500_000)
  #issued = new Set<string>()

  constructor(readonly options: FvgSimulatorOptions = {}) {
    this.#tls = options.tls ?? null
    this.#random = mulberry32(options.faults?.seed ?? 42)
    this.substitutes = options.substitutes ? new Set(options.substitutes.map(([t, s]) => `${t}:${s}`)) : null
  }

  get tls(): FvgTlsMaterial {
    if (!this.#tls) throw new Error('Simulatore non avviato.')
    return this.#tls
  }

  get url() {
    const address = this.#server?.address()
    if (!address || typeof address === 'string') throw new Error('Simulatore non avviato.')
    return `https://127.0.0.1:${address.port}`
  }

  setFaults(faults: FvgSimulatorOptions['faults']) {
    this.options.faults = faults
  }

  async start() {
    this.#tls ??= createFvgTlsMaterial()
    const { server, ca } = this.#tls
    const options = { cert: server.cert, key: server.key, ca: ca.cert, requestCert: true, rejectUnauthorized: this.options.refuseAtHandshake ?? false }
    this.#server = https.createServer(options, (req, res) => {
      this.#handle(req, res).catch((error) => {
        if (!res.headersSent) this.#reply(res, 500, soapFaultXml('env:Server', `Errore interno del simulatore: ${(error as Error).message}`))
      })
    })
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    // A refused handshake is the point of mutual TLS here, not an error of the simulator.
    this.#server.on('tlsClientError', () => {})
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject)
      this.#server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve())
    })
    return this
  }

  async stop() {
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    for (const socket of this.#sockets) socket.destroy()
    const server = this.#server
    this.#server = null
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** The pharmacy side: takes the prescription in charge (5), dispenses it (8), or gives it back (3). */
  setStatus(nre: string, status: '3' | '5' | '8') {
    const stored = this.prescriptions.get(nre)
    if (!stored) return false
    stored.status = status
    return true
  }

  markDispensing(nre: string) {
    return this.setStatus(nre, '5')
  }

  markDispensed(nre: string) {
    return this.setStatus(nre, '8')
  }

  /** The next specialist send gets this downgrade code, in the error list or as a SOAP Fault. */
  downgradeNext(code = '060120', form: 'errore' | 'fault' = 'errore') {
    if (!isDowngradeCode(code)) throw new Error(`Codice di downgrade non valido: ${code} (060120–060130).`)
    this.downgrades.push({ code, form })
  }

  /** Prescriptions not cancelled: what the fault tests count. */
  active() {
    return [...this.prescriptions.values()].filter((p) => p.status !== '4')
  }

  // ---------------------------------------------------------------- HTTP

  #reply(res: http.ServerResponse, status: number, body: string, type = 'text/xml;charset=UTF-8') {
    if (res.destroyed) return
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }

  #hang(res: http.ServerResponse) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      res.socket?.destroy()
    }, this.options.hangMs ?? 30_000)
    this.#timers.add(timer)
    res.on('close', () => {
      clearTimeout(timer)
      this.#timers.delete(timer)
    })
  }

  #nextFault(operation: FvgOperation): FvgFault | null {
    const scripted = this.script.shift()
    if (scripted) return scripted
    const f = this.options.faults
    if (!f || (f.operations && !f.operations.includes(operation))) return null
    const roll = this.#random()
    const after = this.#random() < (f.lostShare ?? 0.5)
    const pick = <T>(items: T[]) => items[Math.floor(this.#random() * items.length)]
    if (roll < (f.timeoutRate ?? 0)) return after ? 'lost-timeout' : 'timeout'
    if (roll < (f.timeoutRate ?? 0) + (f.failRate ?? 0)) return after ? pick<FvgFault>(['lost', '504', 'reset']) : pick<FvgFault>(['500', '502', '503'])
    return null
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'https://simulator')
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const socket = req.socket as TLSSocket
    if (!socket.authorized) {
      return this.#reply(res, 403, `<html><body>Certificato client assente o non riconosciuto (${socket.authorizationError ?? 'nessun certificato'})</body></html>`, 'text/html')
    }
    if (url.pathname.startsWith('/__simulator/')) return this.#admin(req, res, url, body)
    const operation = fvgOperationByPath(url.pathname)
    if (!operation) return this.#reply(res, 404, '<html><body>Not Found</body></html>', 'text/html')
    if (req.method !== 'POST') return this.#reply(res, 405, '<html><body>Method Not Allowed</body></html>', 'text/html')
    this.stats.calls++
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1
    const card = cardOf(req)
    if (this.keepReceived) this.received.push({ operation, headers: req.headers, body, card })

    const fault = this.#nextFault(operation)
    if (fault) this.stats.faults++
    const slow = fault === 'slow' ? (this.options.slowMs ?? 500) : (this.options.slowMs ?? 0)
    if (slow) await new Promise((resolve) => setTimeout(resolve, slow))
    if (fault === 'timeout') return this.#hang(res)
    if (fault === '503') return this.#reply(res, 503, '<html><body>Service Unavailable</body></html>', 'text/html')
    if (fault === '502') return this.#reply(res, 502, '<html><body>Bad Gateway</body></html>', 'text/html')
    if (fault === '500') return this.#reply(res, 500, soapFaultXml('env:Server', 'Servizio temporaneamente non disponibile'))

    let answer: Answer
    try {
      answer = this.#process(operation, req, body, card)
    } catch (error) {
      if (error instanceof Answer) answer = error
      else if (error instanceof SchemaFault) answer = new Answer(500, soapFaultXml('env:Client', error.message))
      else throw error
    }
    // The SAR did the work; the answer never arrives.
    if (fault === 'lost' || fault === '504' || fault === 'lost-timeout' || fault === 'reset') this.stats.lost++
    if (fault === 'lost') return this.#reply(res, 502, '<html><body>Bad Gateway</body></html>', 'text/html')
    if (fault === '504') return this.#reply(res, 504, '<html><body>Gateway Timeout</body></html>', 'text/html')
    if (fault === 'lost-timeout') return this.#hang(res)
    if (fault === 'reset') return void res.socket?.destroy()
    this.#reply(res, answer.status, answer.xml)
  }

  #admin(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string) {
    const json = (status: number, data: unknown) => this.#reply(res, status, JSON.stringify(data), 'application/json')
    let input: Record<string, any> = {}
    try {
      input = raw ? JSON.parse(raw) : {}
    } catch {
      return json(400, { error: 'corpo JSON non valido' })
    }
    const path = url.pathname.slice('/__simulator/'.length)
    if (path === 'health') return json(200, { ok: true, prescriptions: this.prescriptions.size, stats: this.stats })
    if (req.method !== 'POST') return json(405, { error: 'usare POST' })
    if (path === 'status') {
      const status = String(input.status ?? '8')
      if (!['3', '5', '8'].includes(status)) return json(422, { error: 'status: 3, 5 o 8' })
      return this.setStatus(String(input.nre ?? ''), status as '3' | '5' | '8') ? json(200, { nre: input.nre, status }) : json(404, { error: 'NRE non trovato' })
    }
    if (path === 'downgrade') {
      const code = String(input.code ?? '060120')
      const form = input.form === 'fault' ? 'fault' : 'errore'
      if (!isDowngradeCode(code)) return json(422, { error: 'code: da 060120 a 060130' })
      for (let i = 0; i < Number(input.count ?? 1); i++) this.downgradeNext(code, form)
      return json(200, { queued: this.downgrades.length })
    }
    if (path === 'fault') {
      const fault = String(input.fault ?? '') as FvgFault
      if (!['500', '502', '503', '504', 'timeout', 'lost', 'lost-timeout', 'reset', 'slow'].includes(fault)) return json(422, { error: 'fault sconosciuto' })
      for (let i = 0; i < Number(input.count ?? 1); i++) this.script.push(fault)
      return json(200, { queued: this.script.length })
    }
    if (path === 'substitute') {
      this.substitutes ??= new Set()
      const key = `${String(input.titolare ?? '').toUpperCase()}:${String(input.sostituto ?? '').toUpperCase()}`
      if (input.enabled === false) this.substitutes.delete(key)
      else this.substitutes.add(key)
      return json(200, { substitutes: [...this.substitutes] })
    }
    return json(404, { error: 'non trovato' })
  }

  // ---------------------------------------------------------------- SOAP

  #process(operation: FvgOperation, req: http.IncomingMessage, xml: string, card: string | null): Answer {
    const action = req.headers.soapaction
    if (action !== undefined && action !== '""' && action !== '') throw new Answer(500, soapFaultXml('env:Client', `SOAPAction non ammessa (deve essere vuota): ${action}`))
    const agent = USER_AGENT.exec(String(req.headers['user-agent'] ?? ''))
    if (!agent) throw new Answer(500, soapFaultXml('env:Client', 'User-Agent non conforme: atteso <ProdottoCME>/<Versione> <SO>/<Versione SO> <CFTitolare>/<DeviceId>'))
    const product = agent[1]
    if (this.options.products?.length && !this.options.products.includes(product)) {
      throw new Answer(500, soapFaultXml('env:Client', `Prodotto CME ${product} non accreditato presso il SAR`))
    }
    if (!card) throw new Answer(500, soapFaultXml('env:Client', 'Certificato della carta senza codice fiscale'))
    const { node, catalogueVersion } = this.#schema(operation, xml, product)
    switch (operation) {
      case 'invio':
        return this.#send(node, card, catalogueVersion)
      case 'visualizza':
        return this.#view(node, card)
      case 'annulla':
        return this.#cancel(node, card)
      case 'interrogaNre':
        return this.#usedNre(node, card)
      case 'sostituto':
        return this.#substitute(node, card)
    }
  }

  /** What the regional XSD validation does: root and namespace, prodottoCme, sequences, patterns. */
  #schema(operation: FvgOperation, xml: string, product: string): { node: XmlNode; catalogueVersion: string } {
    let raw: XmlNode
    let doc: XmlNode
    try {
      raw = parseXmlRaw(xml)
      doc = parseXml(xml)
    } catch (error) {
      throw new SchemaFault(`Unmarshalling Error: ${(error as Error).message}`)
    }
    const namespaces: Record<string, string> = {}
    const declare = (node: XmlNode) => {
      for (const [key, value] of Object.entries(node)) if (key.startsWith('@_xmlns:')) namespaces[key.slice(8)] = String(value)
    }
    const envelopeKey = Object.keys(raw).find((k) => localName(k) === 'Envelope')
    const envelope = (envelopeKey ? raw[envelopeKey] : null) as XmlNode | null
    if (!envelope) throw new SchemaFault('Envelope SOAP mancante.')
    declare(envelope)
    if (namespaces[prefixPart(envelopeKey!)] !== SOAP_ENV) throw new SchemaFault('VersionMismatch: envelope non SOAP 1.1.')
    const bodyKey = Object.keys(envelope).find((k) => localName(k) === 'Body')
    const body = (bodyKey ? envelope[bodyKey] : {}) as XmlNode
    declare(body)
    const expectedRoot = operation === 'sostituto' ? SUBSTITUTE_REQUEST_ROOT : REQUEST_ROOTS[operation]
    const expectedNs = operation === 'sostituto' ? FVG_SUBSTITUTE_NS.request : FVG_NAMESPACES[operation].request
    const rootKey = childNames(body)[0] ?? ''
    const root = (body[rootKey] ?? {}) as XmlNode
    if (typeof root !== 'object') throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${rootKey}'.`)
    declare(root)
    const nsOf = (qualified: string) => namespaces[prefixPart(qualified)] ?? ''
    if (localName(rootKey) !== expectedRoot || nsOf(rootKey) !== expectedNs) {
      throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${rootKey}' (namespace '${nsOf(rootKey)}').`)
    }
    // prodottoCme: required on every root but the used-NRE one, which does not allow it.
    const attribute = Object.keys(root).find((k) => k.startsWith('@_') && !k.startsWith('@_xmlns') && localName(k.slice(2)) === 'prodottoCme')
    if (operation === 'interrogaNre') {
      if (attribute) throw new SchemaFault(`cvc-complex-type.3.2.2: Attribute 'prodottoCme' is not allowed to appear in element '${expectedRoot}'.`)
    } else {
      if (!attribute || nsOf(attribute.slice(2)) !== FVG_TYPES_NS) throw new SchemaFault(`cvc-complex-type.4: Attribute 'prodottoCme' must appear on element '${expectedRoot}'.`)
      if (String(root[attribute]) !== product) throw new Answer(500, soapFaultXml('env:Client', `prodottoCme ${String(root[attribute])} diverso dal prodotto dello User-Agent (${product})`))
    }
    const sequences: Record<FvgOperation, { tags: readonly string[]; required: readonly string[] }> = {
      invio: { tags: [...SEND_HEADER_TAGS, ...FOREIGN_TAGS, ITEM_LIST_TAG], required: [...FVG_REQUIRED_SEND_TAGS, ITEM_LIST_TAG] },
      visualizza: { tags: VIEW_TAGS, required: VIEW_TAGS },
      annulla: { tags: CANCEL_TAGS, required: CANCEL_TAGS },
      interrogaNre: { tags: USED_NRE_TAGS, required: FVG_REQUIRED_USED_NRE_TAGS },
      sostituto: { tags: SUBSTITUTE_TAGS, required: SUBSTITUTE_TAGS },
    }
    const { tags, required } = sequences[operation]
    this.#sequence(root, tags, required, expectedNs, nsOf, ['pinCode'])
    if (operation === 'invio') {
      const listKey = childNames(root).find((k) => localName(k) === ITEM_LIST_TAG)!
      const itemList = root[listKey] as XmlNode
      if (!itemList || typeof itemList !== 'object') throw new SchemaFault(`cvc-complex-type.2.4.b: The content of element '${ITEM_LIST_TAG}' is not complete.`)
      declare(itemList)
      const itemKeys = childNames(itemList)
      if (itemKeys.length !== 1 || localName(itemKeys[0]) !== ITEM_TAG || nsOf(itemKeys[0]) !== FVG_TYPES_NS) {
        throw new SchemaFault(`cvc-complex-type.2.4.b: The content of element '${ITEM_LIST_TAG}' is not complete. One of '{"${FVG_TYPES_NS}":${ITEM_TAG}}' is expected.`)
      }
      const itemTags = ITEM_TAGS.filter((t) => t !== 'numsedute')
      for (const item of ([] as XmlNode[]).concat(itemList[itemKeys[0]] as XmlNode[])) this.#sequence(item, itemTags, ['quantita'], FVG_TYPES_NS, nsOf, [])
    }
    const node = soapBody(doc)!.node
    // Patterns of the regional types.
    const patterns: Array<[string, RegExp, string]> =
      operation === 'invio'
        ? [['dataCompilazione', COMPILED_AT, 'dataType'], ['nre', /^.{15}$/, 'nreType'], ['tipoRic', /^.{1,2}$/, 'tipoRicType'], ['classePriorita', /^.$/, 'classePrioritaType'], ['indicazionePrescr', /^.$/, 'indicazionePrescrType'], ['altro', /^.$/, 'altroType']]
        : operation === 'interrogaNre'
          ? [['dataCompilazioneRicettaDal', COMPILED_AT, 'dataType'], ['dataCompilazioneRicettaAl', COMPILED_AT, 'dataType'], ['codLotto', /^[0-9]{1,7}$/, 'codLottoType']]
          : []
    for (const [tag, pattern, type] of patterns) {
      const value = text(node, tag)
      if (tag in node && !pattern.test(value)) throw new SchemaFault(`cvc-pattern-valid: Value '${value}' is not facet-valid with respect to pattern '${pattern.source}' for type '${type}'.`)
    }
    let catalogueVersion = ''
    if (operation === 'invio') {
      for (const item of list(node, ITEM_LIST_TAG, ITEM_TAG)) {
        const quantity = text(item, 'quantita')
        if (!/^[0-9]$/.test(quantity)) throw new SchemaFault(`cvc-pattern-valid: Value '${quantity}' is not facet-valid with respect to pattern '[0-9]' for type 'quantitaType'.`)
      }
      const itemList = root[childNames(root).find((k) => localName(k) === ITEM_LIST_TAG)!] as XmlNode
      const attribute = Object.keys(itemList).find((k) => k.startsWith('@_') && localName(k.slice(2)) === 'versioneCR')
      if (attribute && nsOf(attribute.slice(2)) !== FVG_TYPES_NS) throw new SchemaFault(`cvc-complex-type.3.2.2: Attribute '${attribute.slice(2)}' is not allowed to appear in element '${ITEM_LIST_TAG}'.`)
      catalogueVersion = attribute ? String(itemList[attribute]) : ''
    }
    return { node, catalogueVersion }
  }

  /** Tags in the XSD order, optional ones absent rather than empty, nothing unknown, right namespace. */
  #sequence(node: XmlNode, tags: readonly string[], required: readonly string[], ns: string, nsOf: (q: string) => string, mayBeEmpty: string[]) {
    let last = -1
    const seen = new Set<string>()
    for (const key of childNames(node)) {
      const tag = localName(key)
      const index = tags.indexOf(tag)
      if (index < 0 || nsOf(key) !== ns) throw new SchemaFault(`cvc-complex-type.2.4.a: Invalid content was found starting with element '${key}'.`)
      if (index <= last) throw new SchemaFault(`cvc-complex-type.2.4.d: Invalid content was found starting with element '${key}'. No child element is expected at this point.`)
      const missing = required.find((t) => !seen.has(t) && tags.indexOf(t) < index)
      if (missing) throw new SchemaFault(`cvc-complex-type.2.4.a: Invalid content was found starting with element '${key}'. One of '{"${ns}":${missing}}' is expected.`)
      const value = node[key]
      if (Array.isArray(value)) throw new SchemaFault(`cvc-complex-type.2.4.d: Invalid content was found starting with element '${key}'. No child element is expected at this point.`)
      if ((value === '' || value === undefined) && !mayBeEmpty.includes(tag) && typeof value !== 'object') {
        throw new SchemaFault(`cvc-minLength-valid: Value '' with length = '0' is not facet-valid with respect to minLength '1' for type '${tag}Type'.`)
      }
      seen.add(tag)
      last = index
    }
    const missing = required.find((t) => !seen.has(t))
    if (missing) throw new SchemaFault(`cvc-complex-type.2.4.b: The content is not complete. One of '{"${ns}":${missing}}' is expected.`)
  }

  #decrypt(value: string): string | null {
    try {
      const plain = privateDecrypt({ key: this.tls.encryption.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(value, 'base64')).toString('utf8')
      // Implicit rejection gives random bytes for a wrong ciphertext rather than an error.
      return /^[A-Z0-9]{1,16}$/.test(plain) ? plain : null
    } catch {
      return null
    }
  }

  #substituteEnabled(titolare: string, substitute: string) {
    return this.substitutes === null || this.substitutes.has(`${titolare}:${substitute}`)
  }

  #newNre() {
    // 060 + group 0A + lot of 1000 (id 1) + 6-digit lot + 3-digit progressive (spec §4.4).
    for (;;) {
      const n = this.#nreCounter++
      const nre = `${FVG_REGION_CODE}0A1${String(100_000 + Math.floor(n / 1000) % 900_000).padStart(6, '0')}${String(n % 1000).padStart(3, '0')}`
      if (!this.#issued.has(nre) && !this.prescriptions.has(nre)) return nre
    }
  }

  #send(node: XmlNode, card: string, catalogueVersion: string): Answer {
    const h: Fields = {}
    for (const tag of SEND_HEADER_TAGS) h[tag] = text(node, tag)
    const errors: SimError[] = []
    const cf1 = h.cfMedico1.toUpperCase()
    const cf2 = h.cfMedico2.toUpperCase()
    // Par. 2.2: the card in the reader is the signing doctor's.
    if (cf2 ? cf2 !== card : cf1 !== card) errors.push({ code: cf2 ? '1212' : '1007' })
    if (!CF_SHAPE.test(cf1)) errors.push({ code: '1023' })
    else if (!isValidFiscalCode(cf1)) errors.push({ code: '1024', text: 'CARATTERE DI CONTROLLO DEL CODICE FISCALE DEL MEDICO ERRATO' })
    if (cf2 && !CF_SHAPE.test(cf2)) errors.push({ code: '1027' })
    else if (cf2 && !isValidFiscalCode(cf2)) errors.push({ code: '1028' })
    else if (cf2 && !this.#substituteEnabled(cf1, cf2)) errors.push({ code: '1005' })
    if (!/^[0-9]{3}$/.test(h.codRegione)) errors.push({ code: '1018' })
    else if (h.codRegione !== FVG_REGION_CODE) errors.push({ code: '1006' })
    if (!/^[0-9]{3}$/.test(h.codASLAo)) errors.push({ code: '1019' })
    if (!/^[A-Z0-9]$/.test(h.codSpecializzazione)) errors.push({ code: '1021' })
    if (!['F', 'P'].includes(h.tipoPrescrizione)) errors.push({ code: '9999', text: 'TIPO PRESCRIZIONE AMMESSO: F O P' })
    if (!['A', 'D'].includes(h.tipoVisita)) errors.push({ code: '9999', text: 'TIPO VISITA AMMESSO: A O D' })
    if (!TIPO_RIC.includes(h.tipoRic)) errors.push({ code: '1032' })
    if (h.classePriorita && !['U', 'B', 'D', 'P'].includes(h.classePriorita)) errors.push({ code: '9999', text: 'CLASSE DI PRIORITA AMMESSA: U, B, D, P' })
    if ((h.provAssistito === '') !== (h.aslAssistito === '')) errors.push({ code: '9999', text: 'PROVINCIA E ASL DELL ASSISTITO VANNO INDICATE INSIEME' })
    if (h.nre) {
      if (!NRE_PATTERN.test(h.nre)) errors.push({ code: '1010' })
      else if (!h.nre.startsWith(FVG_REGION_CODE)) errors.push({ code: '1008' })
      else if (this.prescriptions.has(h.nre)) errors.push({ code: '1016' })
    }

    let patientCode = ''
    if (h.codiceAss) {
      if (CF_SHAPE.test(h.codiceAss.toUpperCase()) || STP_ENI.test(h.codiceAss.toUpperCase())) errors.push({ code: '1035' })
      else {
        const decrypted = this.#decrypt(h.codiceAss)
        if (decrypted === null) errors.push({ code: '1034' })
        else patientCode = decrypted.toUpperCase()
      }
    }
    if (patientCode || !h.codiceAss) {
      if (h.tipoRic === 'ST') {
        if (!patientCode) errors.push({ code: '1039' })
        else if (!STP_ENI.test(patientCode)) errors.push({ code: '1036' })
      } else if (!FOREIGN_TIPO_RIC.includes(h.tipoRic)) {
        if (!patientCode) errors.push({ code: '1012' })
        else if (!CF_SHAPE.test(patientCode) && !/^[0-9]{11}$/.test(patientCode)) errors.push({ code: '1037' })
        else if (CF_SHAPE.test(patientCode) && !isValidFiscalCode(patientCode)) errors.push({ code: '1024' })
      }
    }

    const items = list(node, ITEM_LIST_TAG, ITEM_TAG).map((item) => {
      const copy: Fields = {}
      for (const tag of ITEM_TAGS) if (tag !== 'numsedute') copy[tag] = text(item, tag)
      return copy
    })
    let downgrade: { code: string; form: 'errore' | 'fault' } | null = null
    if (h.tipoPrescrizione === 'F') this.#drugItems(items, h, errors)
    if (h.tipoPrescrizione === 'P') {
      const version = catalogueVersion
      // Par. 3.1: the catalogue version, patch included, is mandatory for specialist prescriptions.
      if (!CATALOGUE_VERSION_PATTERN.test(version)) errors.push({ code: '9999', text: `VERSIONE DEL CATALOGO REGIONALE (versioneCR) ASSENTE O NON VALIDA: '${version}'` })
      if (!h.codDiagnosi && !h.descrizioneDiagnosi) errors.push({ code: '9999', text: 'QUESITO DIAGNOSTICO OBBLIGATORIO' })
      if (items.reduce((sum, item) => sum + Number(item.quantita || 0), 0) > 8) errors.push({ code: '9999', text: 'NUMERO MASSIMO DI PRESTAZIONI (8) SUPERATO' })
      items.forEach((item, i) => {
        const n = i + 1
        if (!item.codProdPrest || !item.descrProdPrest) errors.push({ code: '9999', text: 'CODICE E DESCRIZIONE DELLA PRESTAZIONE OBBLIGATORI', itemIndex: n })
        if (!item.codCatalogoPrescr) errors.push({ code: '9999', text: 'CODICE DI CATALOGO REGIONALE OBBLIGATORIO', itemIndex: n })
        if (item.tipoAccesso && !['0', '1'].includes(item.tipoAccesso)) errors.push({ code: '9999', text: 'TIPO ACCESSO AMMESSO: 0 O 1', itemIndex: n })
        if (item.nonSost) errors.push({ code: '9999', text: 'NON SOSTITUIBILITA AMMESSA SOLO PER I FARMACI', itemIndex: n })
        if (item.quantita === '0') errors.push({ code: '9999', text: 'QUANTITA NON VALIDA', itemIndex: n })
        const trigger = DOWNGRADE_CATALOGUE.exec(item.codCatalogoPrescr)
        if (trigger && isDowngradeCode(trigger[1])) downgrade ??= { code: trigger[1], form: 'errore' }
      })
      downgrade ??= this.downgrades.shift() ?? null
    }

    const blocking = errors.some((e) => (e.severity ?? 'Bloccante') === 'Bloccante')
    if (!blocking && downgrade) {
      this.stats.downgrades++
      this.stats.rejected++
      const message = 'PRESTAZIONE NON PRESCRIVIBILE IN FORMA DEMATERIALIZZATA: EMETTERE RICETTA ROSSA'
      if (downgrade.form === 'fault') return new Answer(500, soapFaultXml('env:Server', `${downgrade.code} - ${message}`))
      return new Answer(200, this.#answer('invio', { errors: [{ code: downgrade.code, text: message }] }))
    }
    if (blocking) {
      this.stats.rejected++
      return new Answer(200, this.#answer('invio', { errors }))
    }

    const nre = h.nre || this.#newNre()
    this.#issued.add(nre)
    const now = romeNow()
    // Spec §4.8: ddMMyyyyHHmmss of insertion + 16 digits.
    const authCode = now.toFormat('ddMMyyyyHHmmss') + String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 100_000_000)).padStart(8, '0')
    const stored: FvgStored = {
      nre,
      authCode,
      insertedAt: now.toFormat('yyyy-MM-dd HH:mm:ss'),
      kind: h.tipoPrescrizione,
      compiledAt: h.dataCompilazione,
      cfMedico1: cf1,
      cfMedico2: cf2,
      patientCode,
      header: { ...h, pinCode: '', codiceAss: '', nre },
      items,
      status: '3',
    }
    this.prescriptions.set(nre, stored)
    this.stats.registered++
    const dpc = h.tipoPrescrizione === 'F' && items.some((item) => this.options.dpcDrugs?.includes(item.codProdPrest))
    return new Answer(
      200,
      this.#answer('invio', {
        errors,
        fields: { nre, codAutenticazione: authCode, dataInserimento: stored.insertedAt },
        communications: dpc ? [{ code: '0196', message: 'CONTIENE FARMACI IN DPC NELLA REGIONE DI PRESCRIZIONE' }] : [{ code: '0100', message: 'Nessuna comunicazione' }],
      })
    )
  }

  #drugItems(items: Fields[], h: Fields, errors: SimError[]) {
    items.forEach((item, i) => {
      const n = i + 1
      const byProduct = item.codProdPrest && item.descrProdPrest
      const byGroup = item.codGruppoEquival && item.descrGruppoEquival
      if (!byProduct && !byGroup) errors.push({ code: '9999', text: 'INDICARE IL FARMACO O IL GRUPPO DI EQUIVALENZA', itemIndex: n })
      if (item.codProdPrest && (!/^[0-9]{9}$/.test(item.codProdPrest) || aicCheckDigit(item.codProdPrest.slice(0, 8)) !== item.codProdPrest[8])) {
        errors.push({ code: '9999', text: `CODICE AIC ${item.codProdPrest} NON VALIDO`, itemIndex: n })
      }
      if (item.nonSost === '1' && !item.codMotivazione) errors.push({ code: '9999', text: 'MOTIVAZIONE DELLA NON SOSTITUIBILITA MANCANTE', itemIndex: n })
      // Regional specification p. 21: these fields are for specialist prescriptions only.
      if (item.codCatalogoPrescr || item.tipoAccesso || item.numeroNota) errors.push({ code: '9999', text: 'CAMPI RISERVATI ALLA SPECIALISTICA IN UNA RICETTA FARMACEUTICA', itemIndex: n })
      const quantity = Number(item.quantita)
      if (quantity === 0) errors.push({ code: '9999', text: 'QUANTITA NON VALIDA', itemIndex: n })
      // Spec §5.1 [U]: up to 3 packs, the third only with an exemption; above that refused.
      else if (quantity > 3) errors.push({ code: '9999', text: 'NUMERO DI CONFEZIONI SUPERIORE AL MASSIMO CONSENTITO', itemIndex: n })
      else if (quantity === 3 && !h.codEsenzione) errors.push({ code: '9999', text: 'PIU DI DUE CONFEZIONI SENZA ESENZIONE', itemIndex: n, severity: 'Avviso' })
    })
  }

  #view(node: XmlNode, card: string): Answer {
    const caller = text(node, 'cfMedico').toUpperCase()
    if (caller !== card) return new Answer(200, this.#answer('visualizza', { errors: [{ code: '1007' }] }))
    const stored = this.prescriptions.get(text(node, 'nre'))
    if (!stored) return new Answer(200, this.#answer('visualizza', { errors: [{ code: '5005' }] }))
    if (caller !== stored.cfMedico1 && caller !== stored.cfMedico2) return new Answer(200, this.#answer('visualizza', { errors: [{ code: '1125' }] }))
    return new Answer(200, this.#answer('visualizza', { stored, communications: [{ code: '0200', message: 'Nessuna comunicazione' }] }))
  }

  #cancel(node: XmlNode, card: string): Answer {
    const nre = text(node, 'nre')
    const caller = text(node, 'cfMedico').toUpperCase()
    const refuse = (code: string) => new Answer(200, this.#answer('annulla', { fields: { nre }, errors: [{ code }] }))
    if (caller !== card) return refuse('1007')
    const stored = this.prescriptions.get(nre)
    if (!stored) return refuse('5005')
    // Spec §6.4: only who sent it; the titolare cannot cancel his substitute's prescription.
    if (caller !== (stored.cfMedico2 || stored.cfMedico1)) return refuse('1125')
    if (stored.status !== '3') return refuse('1120')
    stored.status = '4'
    this.stats.cancelled++
    return new Answer(200, this.#answer('annulla', { fields: { nre }, communications: [{ code: '0300', message: 'Nessuna comunicazione' }] }))
  }

  #usedNre(node: XmlNode, card: string): Answer {
    const q: Fields = {}
    for (const tag of USED_NRE_TAGS) q[tag] = text(node, tag)
    const doctor = q.cfMedico.toUpperCase()
    // The titolare sees all his NREs; his substitute only those he prescribed (spec §6.6).
    const substitute = card !== doctor
    if (substitute && !this.#substituteEnabled(doctor, card)) return new Answer(200, this.#answer('interrogaNre', { errors: [{ code: '1007' }] }))
    let found = [...this.prescriptions.values()].filter((p) => p.cfMedico1 === doctor && p.header.codRegione === q.codRegione && (!substitute || p.cfMedico2 === card))
    if (q.nre) found = found.filter((p) => p.nre === q.nre)
    else {
      if (!q.dataCompilazioneRicettaDal || !q.dataCompilazioneRicettaAl) {
        return new Answer(200, this.#answer('interrogaNre', { errors: [{ code: '9999', text: 'INDICARE UN NRE O UN INTERVALLO DI DATE DI COMPILAZIONE' }] }))
      }
      found = found.filter((p) => p.compiledAt >= q.dataCompilazioneRicettaDal && p.compiledAt <= q.dataCompilazioneRicettaAl)
    }
    if (q.tipoPrescr) found = found.filter((p) => p.kind === q.tipoPrescr)
    if (q.cfAssistito) found = found.filter((p) => p.patientCode === q.cfAssistito.toUpperCase())
    return new Answer(200, this.#answer('interrogaNre', { records: found }))
  }

  #substitute(node: XmlNode, card: string): Answer {
    const titolare = text(node, 'cfMedicoTitolare').toUpperCase()
    const substitute = text(node, 'cfMedicoSostituto').toUpperCase()
    const errors: SimError[] = []
    if (card !== substitute && card !== titolare) errors.push({ code: '1007' })
    if (!CF_SHAPE.test(substitute)) errors.push({ code: '1027' })
    const enabled = !errors.length && this.#substituteEnabled(titolare, substitute)
    const r = 'ric'
    const body: XmlNode = { [`@_xmlns:${r}`]: FVG_SUBSTITUTE_NS.response, '@_xmlns:tip': FVG_TYPES_NS }
    body[`${r}:cfMedicoTitolare`] = titolare
    body[`${r}:cfMedicoSostituto`] = substitute
    body[`${r}:codASLAo`] = text(node, 'codASLAo')
    body[`${r}:isAbilitato`] = enabled ? 'true' : 'false'
    body[`${r}:message`] = enabled ? 'MEDICO SOSTITUTO ABILITATO' : 'MEDICO SOSTITUTO NON ABILITATO'
    if (errors.length) body[`${r}:ElencoErrori`] = { 'tip:ErroreRicetta': errors.map((e) => this.#error(e)) }
    return new Answer(200, buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`${r}:${SUBSTITUTE_RESPONSE_ROOT}`]: body } } }))
  }

  #error(e: SimError) {
    return {
      'tip:codEsito': e.code,
      'tip:esito': e.text ?? sacCodeMessage(e.code).toUpperCase(),
      'tip:progPresc': String(e.itemIndex ?? 0),
      'tip:tipoErrore': e.severity ?? 'Bloccante',
    }
  }

  /** A receipt in the regional response namespace; empty optional tags are left out, as in the requests. */
  #answer(
    operation: SacOperation,
    input: { fields?: Fields; errors?: SimError[]; communications?: Array<{ code: string; message: string }>; stored?: FvgStored; records?: FvgStored[] }
  ): string {
    const r = 'ric'
    const body: XmlNode = { [`@_xmlns:${r}`]: FVG_NAMESPACES[operation].response, '@_xmlns:tip': FVG_TYPES_NS }
    const put = (tag: string, value: string | undefined) => {
      if (value) body[`${r}:${tag}`] = value
    }
    const errors = input.errors ?? []
    const outcome = errors.some((e) => (e.severity ?? 'Bloccante') === 'Bloccante') ? '9999' : errors.length ? '0001' : '0000'
    if (operation === 'invio') {
      put('nre', input.fields?.nre)
      put('codAutenticazione', input.fields?.codAutenticazione)
      put('dataInserimento', input.fields?.dataInserimento)
    }
    if (operation === 'visualizza' && input.stored) {
      const s = input.stored
      for (const tag of SEND_HEADER_TAGS) put(tag, s.header[tag])
      body[`${r}:${ITEM_LIST_TAG}`] = {
        [`tip:${ITEM_TAG}`]: s.items.map((item) => Object.fromEntries(Object.entries(item).filter(([, v]) => v).map(([t, v]) => [`tip:${t}`, v]))),
      }
      put('statoProcesso', s.status)
      put('codAutenticazione', s.authCode)
      put('dataInserimento', s.insertedAt)
    }
    if (operation === 'annulla') put('nre', input.fields?.nre)
    body[`${r}:${OUTCOME_TAGS[operation]}`] = outcome
    if (operation === 'interrogaNre') {
      body[`${r}:ElencoNreUtilRecord`] = {
        [`${r}:NreUtilRecord`]: (input.records ?? []).map((p) => ({
          [`${r}:nre`]: p.nre,
          [`${r}:cfMedico`]: p.cfMedico1,
          [`${r}:tipoPrescrizione`]: p.kind,
          [`${r}:dataCompilazioneRicetta`]: p.compiledAt,
          [`${r}:provenienza`]: '0',
          [`${r}:codAutenticazione`]: p.authCode,
        })),
      }
    }
    if (errors.length) body[`${r}:ElencoErroriRicette`] = { 'tip:ErroreRicetta': errors.map((e) => this.#error(e)) }
    const communications = input.communications ?? []
    if (communications.length) body[`${r}:ElencoComunicazioni`] = { 'tip:Comunicazione': communications.map((c) => ({ 'tip:codice': c.code, 'tip:messaggio': c.message })) }
    if (operation === 'invio') put('flagPromemoria', '1')
    return buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`${r}:${RESPONSE_ROOTS[operation]}`]: body } } })
  }
}
