/*
| A simulator of the Sogei SAC prescriber services: a real HTTP server on a loopback port that
| speaks the same SOAP (spec §6), checks requests the way the service does (schema faults for tag
| order and patterns, error codes for CF, ASL, pincode), issues NREs and authentication codes in
| the SAC format, keeps prescriptions and their dispensing state, and can be told to be slow, to
| fail, to time out, or to lose the answer after storing (fault tests). On the same port: the
| NRBE service of white electronic prescriptions and the DPCM services of red prescriptions.
*/
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { constants, privateDecrypt, randomInt } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { DateTime } from 'luxon'
import { FOREIGN_TAGS, ITEM_TAGS, SEND_HEADER_TAGS, SOAP_ENV, USED_NRE_TAGS } from '#services/demat/sac_schema/protocol'
import { buildXml, list, parseXml, parseXmlRaw, soapBody, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacMessage } from '../error_messages.js'
import { COMPILED_AT_PATTERN, FOREIGN_TIPO_RIC, isFiscalCodeShape, isStpEni, isValidFiscalCode, NRE_PATTERN, QUANTITY_PATTERN, TIPO_RIC } from '../formal_checks.js'
import { SAC_REGION_CODES } from '../sac_plugin.js'
import { NS_TIPI, OPERATIONS, operationByPath, type SacOperation, type WhiteOperation } from '../soap/protocol.js'
import { ensureSimulatorKeys, type SimulatorKeys } from './certificate.js'
import { checkNamespace, checkSequence, SchemaFault, soapFault } from './schema.js'
import { WhiteService } from './white_service.js'
import { DpcmService } from './dpcm_service.js'

const isWhite = (operation: SacOperation): operation is WhiteOperation => operation.endsWith('Bianca')

export interface SimulatedDoctor {
  username: string
  password: string
  pincode: string
  fiscalCode: string
}

export interface FaultSettings {
  /** Share of calls that fail (HTTP 503, SOAP Fault Server, or 502 / dropped connection after storing). */
  failRate?: number
  /** Share of calls that get no answer (before or after storing) until the client gives up. */
  timeoutRate?: number
  /** Share of calls stored and then left without answer (the "lost response"). */
  dropRate?: number
  /** Delay added to every answer, ms. */
  slowMs?: number
  /** How long a "timed out" call is held before its connection is closed, ms. */
  hangMs?: number
}

export interface SacSimulatorOptions {
  port?: number
  host?: string
  /** Folder of the simulator's SanitelCF key pair. */
  keyDir: string
  /** Doctors and their credentials; null: any user and password, any 10-character pincode. */
  doctors?: SimulatedDoctor[] | null
  faults?: FaultSettings
  random?: () => number
  /** How long the MEF takes to check a red prescription's file before listing the outcome, ms. */
  redProcessingMs?: number
}

export interface StoredPrescription {
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

export interface SimulatorStats {
  requests: number
  faults: Record<string, number>
  byOperation: Record<string, number>
}

type Fault = 'none' | 'http503' | 'soapFault' | 'http502After' | 'dropAfter' | 'hangBefore' | 'hangAfter'

interface SacError {
  code: string
  itemIndex?: number
  severity?: 'Bloccante' | 'Avviso'
}

const romeNow = () => DateTime.now().setZone('Europe/Rome')

export class SacSimulator {
  readonly prescriptions = new Map<string, StoredPrescription>()
  readonly stats: SimulatorStats = { requests: 0, faults: {}, byOperation: {} }
  /** The Authorization2F header of each SOAP request, as received ('' when absent). */
  readonly twoFactorHeaders: string[] = []
  /** White electronic prescriptions (NRBE service). */
  readonly white: WhiteService
  /** Red prescriptions' transmissions (DPCM services). */
  readonly dpcm: DpcmService
  faults: FaultSettings
  #server: Server | null = null
  #keys: SimulatorKeys | null = null
  #issued = new Set<string>()
  #random: () => number
  #hanging = new Set<ServerResponse>()
  /** Requests received and not yet through (processed, refused or left hanging), by arrival number. */
  #pending = new Set<number>()
  #arrivals = 0
  /** Requests received, by the client's port: what settled() compares with what a client sent. */
  #arrivalsByPort = new Map<number, number>()
  #onArrival: Array<() => void> = []
  #barriers: Array<{ upTo: number; resolve: () => void }> = []

  constructor(readonly options: SacSimulatorOptions) {
    this.faults = { ...options.faults }
    this.#random = options.random ?? Math.random
    const decrypt = (value: string) => this.#decrypt(value)
    this.white = new WhiteService({ decrypt })
    this.dpcm = new DpcmService({ decrypt, checkPin: (pin, doctor) => this.#checkPin(pin, doctor) }, { processingMs: options.redProcessingMs })
  }

  get url() {
    const address = this.#server?.address() as AddressInfo | null
    if (!address) throw new Error('simulator not started')
    return `http://${this.options.host ?? '127.0.0.1'}:${address.port}`
  }

  get certificatePath() {
    return this.#keys!.certificatePath
  }

  get certificatePem() {
    return this.#keys!.certificatePem
  }

  async start() {
    this.#keys = await ensureSimulatorKeys(this.options.keyDir)
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error) => {
        if (!res.headersSent) this.#reply(res, 500, soapFault('env:Server', `Errore interno del simulatore: ${(error as Error).message}`))
      })
    })
    await new Promise<void>((resolve, reject) => {
      this.#server!.once('error', reject)
      this.#server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve())
    })
    return this
  }

  async close() {
    for (const res of this.#hanging) res.destroy()
    this.#hanging.clear()
    const server = this.#server
    if (!server) return
    this.#server = null
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** The pharmacy side: takes the prescription (NRE or NRBE) in charge (5) or dispenses it (8). */
  setStatus(nre: string, status: '3' | '5' | '8') {
    const stored = this.prescriptions.get(nre)
    if (!stored) return this.white.setStatus(nre, status)
    stored.status = status
    return true
  }

  /**
   * Resolves once every request received so far is through: processed (stored or refused), or
   * left without processing. A client that gave up waits on this instead of a guessed delay
   * before looking for what the service kept.
   *
   * A request the client has written is not always received yet: a busy server leaves new
   * connections in the kernel's accept queue for a while. `sent` (requests the client has
   * written in full, counted by its local port) makes the wait exact: first every one of them
   * must have arrived. Without it, two turns of the event loop take in what already arrived.
   */
  async settled(sent?: ReadonlyMap<number, number>): Promise<void> {
    if (sent) {
      // What was sent until now: later requests do not hold this wait.
      const expected = [...sent]
      const missing = () => expected.some(([port, count]) => (this.#arrivalsByPort.get(port) ?? 0) < count)
      while (missing()) await new Promise<void>((resolve) => this.#onArrival.push(resolve))
    } else {
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve))
    }
    const upTo = this.#arrivals
    if (![...this.#pending].some((n) => n <= upTo)) return
    await new Promise<void>((resolve) => this.#barriers.push({ upTo, resolve }))
  }

  #arrived(req: IncomingMessage) {
    const number = ++this.#arrivals
    this.#pending.add(number)
    const port = req.socket.remotePort
    if (port !== undefined) this.#arrivalsByPort.set(port, (this.#arrivalsByPort.get(port) ?? 0) + 1)
    const waiting = this.#onArrival
    this.#onArrival = []
    for (const wake of waiting) wake()
    return number
  }

  #through(number: number) {
    this.#pending.delete(number)
    if (!this.#barriers.length) return
    const oldest = Math.min(Infinity, ...this.#pending)
    this.#barriers = this.#barriers.filter((b) => {
      if (oldest <= b.upTo) return true
      b.resolve()
      return false
    })
  }

  // ---------------------------------------------------------------- HTTP

  #reply(res: ServerResponse, status: number, body: string, type = 'text/xml;charset=UTF-8') {
    if (res.destroyed) return
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
    res.end(body)
  }

  async #readBody(req: IncomingMessage) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks)
  }

  #rollFault(): Fault {
    const { failRate = 0, timeoutRate = 0, dropRate = 0 } = this.faults
    const roll = this.#random()
    if (roll < failRate) return (['http503', 'soapFault', 'http502After', 'dropAfter'] as const)[Math.floor(this.#random() * 4)]
    if (roll < failRate + timeoutRate) return this.#random() < 0.5 ? 'hangBefore' : 'hangAfter'
    if (roll < failRate + timeoutRate + dropRate) return 'dropAfter'
    return 'none'
  }

  #hang(res: ServerResponse) {
    this.#hanging.add(res)
    const timer = setTimeout(() => {
      this.#hanging.delete(res)
      res.destroy()
    }, this.faults.hangMs ?? 30_000)
    res.on('close', () => {
      clearTimeout(timer)
      this.#hanging.delete(res)
    })
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://simulator')
    if (url.pathname.startsWith('/__simulator/')) return this.#admin(req, res, url)
    const operation = operationByPath(url.pathname)
    if (!operation || req.method !== 'POST') return this.#reply(res, 404, 'Not found', 'text/plain')
    const arrival = this.#arrived(req)
    try {
      await this.#serve(operation, req, res)
    } finally {
      this.#through(arrival)
    }
  }

  async #serve(operation: SacOperation, req: IncomingMessage, res: ServerResponse) {
    const body = await this.#readBody(req)
    this.stats.requests++
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1

    const fault = this.#rollFault()
    if (fault !== 'none') this.stats.faults[fault] = (this.stats.faults[fault] ?? 0) + 1
    if (this.faults.slowMs) await new Promise((resolve) => setTimeout(resolve, this.faults.slowMs))
    if (fault === 'hangBefore') return this.#hang(res)
    if (fault === 'http503') return this.#reply(res, 503, '<html><body>Service Unavailable</body></html>', 'text/html')
    if (fault === 'soapFault') return this.#reply(res, 500, soapFault('env:Server', 'Servizio temporaneamente non disponibile'))

    // The client may have given up while the request waited: the service still processes it.
    if (res.destroyed || req.socket.destroyed) this.stats.faults.clientGone = (this.stats.faults.clientGone ?? 0) + 1
    const { status, xml } = this.#process(operation, req, body)
    if (fault === 'hangAfter') return this.#hang(res)
    if (fault === 'dropAfter') return void res.destroy()
    if (fault === 'http502After') return this.#reply(res, 502, '<html><body>Bad Gateway</body></html>', 'text/html')
    this.#reply(res, status, xml)
  }

  async #admin(req: IncomingMessage, res: ServerResponse, url: URL) {
    const json = (status: number, data: unknown) => this.#reply(res, status, JSON.stringify(data), 'application/json')
    if (url.pathname === '/__simulator/certificate') return this.#reply(res, 200, this.certificatePem, 'application/x-pem-file')
    if (url.pathname === '/__simulator/health') {
      return json(200, { ok: true, prescriptions: this.prescriptions.size, whitePrescriptions: this.white.prescriptions.size, redTransmissions: this.dpcm.transmissions.size, stats: this.stats })
    }
    if (url.pathname === '/__simulator/settled' && req.method === 'POST') {
      // Body: {"sent": {"<client port>": <requests written>}}, or nothing.
      const raw = (await this.#readBody(req)).toString('utf8')
      const sent = raw ? (JSON.parse(raw) as { sent?: Record<string, number> }).sent : undefined
      await this.settled(sent ? new Map(Object.entries(sent).map(([port, count]) => [Number(port), count])) : undefined)
      return json(200, { ok: true, requests: this.stats.requests })
    }
    if (url.pathname === '/__simulator/status' && req.method === 'POST') {
      const raw = (await this.#readBody(req)).toString('utf8')
      const input = raw ? (JSON.parse(raw) as { nre?: string; status?: string }) : {}
      const nre = input.nre ?? url.searchParams.get('nre') ?? ''
      const status = input.status ?? url.searchParams.get('status') ?? '8'
      if (!['3', '5', '8'].includes(status)) return json(422, { error: 'status must be 3, 5 or 8' })
      return this.setStatus(nre, status as '3' | '5' | '8') ? json(200, { nre, status }) : json(404, { error: 'NRE not found' })
    }
    return json(404, { error: 'not found' })
  }

  // ---------------------------------------------------------------- SOAP

  #process(operation: SacOperation, req: IncomingMessage, raw: Buffer): { status: number; xml: string } {
    const spec = OPERATIONS[operation]
    if (req.headers['soapaction'] !== `"${spec.action}"`) {
      return { status: 500, xml: soapFault('env:Client', `SOAPAction non riconosciuta: ${req.headers['soapaction'] ?? ''}`) }
    }
    this.twoFactorHeaders.push(String(req.headers['authorization2f'] ?? ''))
    const doctor = this.#authenticate(req.headers.authorization)
    if (!doctor) return { status: 500, xml: soapFault('env:Client', 'Credenziali invalide') }
    // The file of a red prescription comes as an attachment: its pincode is inside the file.
    if (operation === 'dpcmInvio') return this.dpcm.upload(req.headers['content-type'] ?? '', raw, doctor)
    let node: XmlNode
    try {
      node = this.#schema(operation, raw.toString('utf8'))
    } catch (error) {
      if (error instanceof SchemaFault) return { status: 500, xml: soapFault('env:Client', error.message) }
      throw error
    }
    if (operation === 'dpcmEsiti') return { status: 200, xml: this.dpcm.verdict(node, doctor) }
    const pinError = this.#checkPin(text(node, 'pinCode'), doctor)
    if (pinError) return { status: 200, xml: isWhite(operation) ? this.white.refuse(operation, pinError) : this.#answer(operation, { errors: [{ code: pinError }] }) }
    if (isWhite(operation)) return { status: 200, xml: this.white.process(operation, node, doctor) }
    switch (operation) {
      case 'invio':
        return { status: 200, xml: this.#send(node, doctor) }
      case 'visualizza':
        return { status: 200, xml: this.#view(node) }
      case 'annulla':
        return { status: 200, xml: this.#cancel(node) }
      case 'interrogaNre':
        return { status: 200, xml: this.#usedNre(node) }
    }
  }

  #authenticate(header: string | undefined): SimulatedDoctor | null {
    const match = /^Basic (.+)$/i.exec(header ?? '')
    if (!match) return null
    const decoded = Buffer.from(match[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 1) return null
    const username = decoded.slice(0, colon)
    const password = decoded.slice(colon + 1)
    if (!this.options.doctors) return password ? { username, password, pincode: '', fiscalCode: isFiscalCodeShape(username.toUpperCase()) ? username.toUpperCase() : '' } : null
    return this.options.doctors.find((d) => d.username === username && d.password === password) ?? null
  }

  #decrypt(value: string): string | null {
    try {
      const plain = privateDecrypt({ key: this.#keys!.privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(value, 'base64'))
      const result = plain.toString('utf8')
      // Implicit rejection gives random bytes for a wrong ciphertext rather than an error.
      return /^[\x20-\x7e]+$/.test(result) ? result : null
    } catch {
      return null
    }
  }

  #checkPin(pinCode: string, doctor: SimulatedDoctor): string | null {
    if (!pinCode) return '1001'
    const pin = this.#decrypt(pinCode)
    if (pin === null) return '1002'
    if (this.options.doctors) return pin === doctor.pincode ? null : '1002'
    return pin.length === 10 ? null : '1002'
  }

  /** What the service's XSD validation does: root and namespace, tags in sequence, patterns. */
  #schema(operation: SacOperation, xml: string): XmlNode {
    const spec = OPERATIONS[operation]
    let doc: XmlNode
    let raw: XmlNode
    try {
      doc = parseXml(xml)
      raw = parseXmlRaw(xml)
    } catch (error) {
      throw new SchemaFault(`Unmarshalling Error: ${(error as Error).message}`)
    }
    const body = soapBody(doc)
    if (!body || body.name !== spec.requestRoot) throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${body?.name ?? ''}'.`)
    checkNamespace(raw, spec.requestRoot, spec.requestNs)
    const node = body.node
    if (isWhite(operation)) {
      this.white.checkSchema(operation, node)
      return node
    }
    if (operation === 'dpcmEsiti') {
      this.dpcm.checkVerdictSchema(node)
      return node
    }
    const expected: string[] =
      operation === 'invio'
        ? [...SEND_HEADER_TAGS, ...FOREIGN_TAGS.filter((t) => t in node), 'ElencoDettagliPrescrizioni']
        : operation === 'interrogaNre'
          ? [...USED_NRE_TAGS]
          : ['pinCode', 'nre', 'cfMedico']
    checkSequence(Object.keys(node), expected, spec.requestNs)
    if (operation === 'invio') {
      const compiledAt = text(node, 'dataCompilazione')
      if (!COMPILED_AT_PATTERN.test(compiledAt)) throw new SchemaFault(`cvc-pattern-valid: Value '${compiledAt}' is not facet-valid with respect to pattern '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}' for type 'dataType'.`)
      const items = list(node, 'ElencoDettagliPrescrizioni', 'DettaglioPrescrizione')
      if (!items.length) throw new SchemaFault(`cvc-complex-type.2.4.b: The content of element 'ElencoDettagliPrescrizioni' is not complete. One of '{"${NS_TIPI}":DettaglioPrescrizione}' is expected.`)
      for (const item of items) {
        checkSequence(Object.keys(item), [...ITEM_TAGS], NS_TIPI)
        const quantity = text(item, 'quantita')
        if (!QUANTITY_PATTERN.test(quantity)) throw new SchemaFault(`cvc-pattern-valid: Value '${quantity}' is not facet-valid with respect to pattern '[0-9]' for type 'quantitaType'.`)
      }
    }
    return node
  }

  // ---------------------------------------------------------------- operations

  #newNre(region: string) {
    for (;;) {
      const nre = `${region}0A${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`
      if (!this.#issued.has(nre)) {
        this.#issued.add(nre)
        return nre
      }
    }
  }

  #send(node: XmlNode, doctor: SimulatedDoctor): string {
    const h: Record<string, string> = {}
    for (const tag of SEND_HEADER_TAGS) h[tag] = text(node, tag)
    const errors: SacError[] = []
    const cf1 = h.cfMedico1.toUpperCase()
    const cf2 = h.cfMedico2.toUpperCase()
    if (!isFiscalCodeShape(cf1)) errors.push({ code: '1023' })
    else if (!isValidFiscalCode(cf1)) errors.push({ code: '1024' })
    if (cf2 && !isFiscalCodeShape(cf2)) errors.push({ code: '1027' })
    else if (cf2 && !isValidFiscalCode(cf2)) errors.push({ code: '1028' })
    if (doctor.fiscalCode) {
      if (cf2 && cf2 !== doctor.fiscalCode) errors.push({ code: '1212' })
      if (!cf2 && cf1 !== doctor.fiscalCode) errors.push({ code: '1007' })
    }
    if (!/^[0-9]{3}$/.test(h.codRegione) || !SAC_REGION_CODES.includes(h.codRegione)) errors.push({ code: '1018' })
    if (!/^[0-9]{3}$/.test(h.codASLAo)) errors.push({ code: '1019' })
    if (!/^[A-Z0-9]$/.test(h.codSpecializzazione)) errors.push({ code: '1021' })
    if (!['F', 'P'].includes(h.tipoPrescrizione)) errors.push({ code: '9999' })
    if (!['A', 'D'].includes(h.tipoVisita)) errors.push({ code: '9999' })
    if (!TIPO_RIC.includes(h.tipoRic)) errors.push({ code: '1032' })
    if (h.nre) {
      if (!NRE_PATTERN.test(h.nre)) errors.push({ code: '1010' })
      else if (h.nre.slice(0, 3) !== h.codRegione) errors.push({ code: '1008' })
      else if (this.prescriptions.has(h.nre)) errors.push({ code: '1016' })
    }
    let patientCode = ''
    if (h.codiceAss) {
      if (isFiscalCodeShape(h.codiceAss.toUpperCase()) || isStpEni(h.codiceAss.toUpperCase())) errors.push({ code: '1035' })
      else {
        const decrypted = this.#decrypt(h.codiceAss)
        if (decrypted === null) errors.push({ code: '1034' })
        else patientCode = decrypted.toUpperCase()
      }
    }
    if (patientCode || !h.codiceAss) {
      if (h.tipoRic === 'ST') {
        if (!patientCode) errors.push({ code: '1039' })
        else if (!isStpEni(patientCode)) errors.push({ code: '1036' })
      } else if (!FOREIGN_TIPO_RIC.includes(h.tipoRic)) {
        if (!patientCode) errors.push({ code: '1012' })
        else if (!/^[0-9]{11}$/.test(patientCode) && !isValidFiscalCode(patientCode)) errors.push({ code: '1024' })
      }
    }
    const items = list(node, 'ElencoDettagliPrescrizioni', 'DettaglioPrescrizione').map((item) => {
      const copy: Record<string, string> = {}
      for (const tag of ITEM_TAGS) copy[tag] = text(item, tag)
      return copy
    })
    if (errors.length) return this.#answer('invio', { errors })

    const nre = h.nre || this.#newNre(h.codRegione)
    this.#issued.add(nre)
    const now = romeNow()
    const authCode = now.toFormat('ddMMyyyyHHmmss') + String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 100_000_000)).padStart(8, '0')
    const stored: StoredPrescription = {
      nre,
      authCode,
      insertedAt: now.toFormat('yyyy-MM-dd HH:mm:ss'),
      kind: h.tipoPrescrizione,
      compiledAt: h.dataCompilazione,
      cfMedico1: cf1,
      cfMedico2: cf2,
      patientCode,
      header: { ...h, pinCode: '', codiceAss: '', nre },
      items: items.map((i) => ({ ...i, numsedute: i.numsedute || '0' })),
      status: '3',
    }
    this.prescriptions.set(nre, stored)
    return this.#answer('invio', {
      fields: { nre, codAutenticazione: authCode, dataInserimento: stored.insertedAt },
      communications: [{ code: '0100', message: 'Nessuna comunicazione' }],
    })
  }

  #view(node: XmlNode): string {
    const stored = this.prescriptions.get(text(node, 'nre'))
    if (!stored) return this.#answer('visualizza', { errors: [{ code: '5005' }] })
    const caller = text(node, 'cfMedico').toUpperCase()
    if (caller !== stored.cfMedico1 && caller !== stored.cfMedico2) return this.#answer('visualizza', { errors: [{ code: '1125' }] })
    return this.#answer('visualizza', { stored, communications: [{ code: '0200', message: 'Nessuna comunicazione' }] })
  }

  #cancel(node: XmlNode): string {
    const nre = text(node, 'nre')
    const stored = this.prescriptions.get(nre)
    if (!stored) return this.#answer('annulla', { fields: { nre }, errors: [{ code: '5005' }] })
    const caller = text(node, 'cfMedico').toUpperCase()
    // Spec §6.4: only who sent it; the titolare cannot cancel his substitute's prescription.
    if (caller !== (stored.cfMedico2 || stored.cfMedico1)) return this.#answer('annulla', { fields: { nre }, errors: [{ code: '1125' }] })
    if (stored.status !== '3') return this.#answer('annulla', { fields: { nre }, errors: [{ code: '1120' }] })
    stored.status = '4'
    return this.#answer('annulla', { fields: { nre }, communications: [{ code: '0300', message: 'Nessuna comunicazione' }] })
  }

  #usedNre(node: XmlNode): string {
    const q: Record<string, string> = {}
    for (const tag of USED_NRE_TAGS) q[tag] = text(node, tag)
    const doctor = q.cfMedico.toUpperCase()
    let found: StoredPrescription[]
    if (q.nre) {
      const stored = this.prescriptions.get(q.nre)
      found = stored && stored.cfMedico1 === doctor ? [stored] : []
    } else {
      if (!q.dataCompilazioneRicettaDal || !q.dataCompilazioneRicettaAl) return this.#answer('interrogaNre', { errors: [{ code: '9999' }] })
      if (!q.tipoPrescr) return this.#answer('interrogaNre', { errors: [{ code: '1153' }] })
      found = [...this.prescriptions.values()].filter(
        (p) =>
          p.cfMedico1 === doctor &&
          p.kind === q.tipoPrescr &&
          p.header.codRegione === q.codRegione &&
          p.compiledAt >= q.dataCompilazioneRicettaDal &&
          p.compiledAt <= q.dataCompilazioneRicettaAl &&
          (!q.codLotto || p.nre.startsWith(q.codLotto))
      )
    }
    return this.#answer('interrogaNre', { records: found })
  }

  #answer(
    operation: SacOperation,
    input: {
      fields?: Record<string, string>
      errors?: SacError[]
      communications?: Array<{ code: string; message: string }>
      stored?: StoredPrescription
      records?: StoredPrescription[]
    }
  ): string {
    const spec = OPERATIONS[operation]
    const p = 'ric'
    const body: XmlNode = { [`@_xmlns:${p}`]: spec.responseNs, '@_xmlns:tip': NS_TIPI }
    const errors = input.errors ?? []
    const outcome = errors.some((e) => (e.severity ?? 'Bloccante') === 'Bloccante') ? '9999' : errors.length ? '0001' : '0000'
    if (operation === 'invio') {
      body[`${p}:nre`] = input.fields?.nre ?? ''
      body[`${p}:codAutenticazione`] = input.fields?.codAutenticazione ?? ''
      body[`${p}:dataInserimento`] = input.fields?.dataInserimento ?? ''
    }
    if (operation === 'visualizza' && input.stored) {
      const s = input.stored
      for (const tag of SEND_HEADER_TAGS) body[`${p}:${tag}`] = s.header[tag] ?? ''
      body[`${p}:ElencoDettagliPrescrizioni`] = {
        'tip:DettaglioPrescrizione': s.items.map((item) => Object.fromEntries(ITEM_TAGS.map((t) => [`tip:${t}`, item[t] ?? '']))),
      }
      body[`${p}:statoProcesso`] = s.status
      body[`${p}:codAutenticazione`] = s.authCode
      body[`${p}:dataInserimento`] = s.insertedAt
    }
    if (operation === 'annulla') body[`${p}:nre`] = input.fields?.nre ?? ''
    body[`${p}:${spec.outcomeTag}`] = outcome
    if (operation === 'interrogaNre') {
      body[`${p}:ElencoNreUtilRecord`] = {
        [`${p}:NreUtilRecord`]: (input.records ?? []).map((r) => ({
          [`${p}:nre`]: r.nre,
          [`${p}:cfMedico`]: r.cfMedico1,
          [`${p}:tipoPrescrizione`]: r.kind,
          [`${p}:dataCompilazioneRicetta`]: r.compiledAt,
          [`${p}:cfAssistito`]: '',
          [`${p}:provenienza`]: '0',
          [`${p}:lotto`]: '',
          [`${p}:codAutenticazione`]: r.authCode,
        })),
      }
    }
    if (errors.length) {
      body[`${p}:ElencoErroriRicette`] = {
        'tip:ErroreRicetta': errors.map((e) => ({
          'tip:codEsito': e.code,
          'tip:esito': sacMessage(e.code).toUpperCase(),
          'tip:progPresc': String(e.itemIndex ?? 0),
          'tip:tipoErrore': e.severity ?? 'Bloccante',
        })),
      }
    }
    const communications = input.communications ?? []
    if (communications.length) {
      body[`${p}:ElencoComunicazioni`] = { 'tip:Comunicazione': communications.map((c) => ({ 'tip:codice': c.code, 'tip:messaggio': c.message })) }
    }
    if (operation === 'invio') {
      body[`${p}:flagPromemoria`] = '1'
      body[`${p}:pdfPromemoria`] = ''
    }
    return buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`${p}:${spec.responseRoot}`]: body } } })
  }
}

/** Starts a simulator; the caller closes it. */
export async function startSacSimulator(options: SacSimulatorOptions) {
  return new SacSimulator(options).start()
}
