/*
| A simulator of the Umbria SAR prescriber services: a real HTTP(S) server on a port, speaking
| the same JSON paths and fields as the SAR (public OpenAPI). It checks the two signed tokens,
| the formal fields, grants NRE lots and accepts only numbers of the caller's lots, once; keeps
| the dispensing state (tests mark an NRE taken in charge or dispensed); lists the used NREs;
| takes red (DPCM) sheets keyed by their code, with its formal checks; and injects faults:
| HTTP 5xx, timeouts, responses lost after the prescription was registered.
*/
import http from 'node:http'
import https from 'node:https'
import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto'
import { verifyJwt, JwtInvalid } from '../../adapters/umbria/jwt.js'
import { PATHS, ITEM_TAGS, HEADER_TAGS, NRE_PATTERN } from '../../adapters/umbria/wire.js'

export type Fault = '500' | '502' | '503' | '504' | 'timeout' | 'lost' | 'lost-timeout'

export interface SimulatorOptions {
  port?: number
  host?: string
  /**
   * HTTPS with client certificates required (mutual TLS). An unknown or missing certificate gets
   * HTTP 403 from the gateway; `refuseAtHandshake`: the TLS handshake itself fails instead.
   */
  tls?: { cert: string; key: string; ca: string; refuseAtHandshake?: boolean; maxVersion?: 'TLSv1.2' | 'TLSv1.3' }
  /** Keys that may sign the tokens; empty: the certificate in the token's `x5c` is trusted (development only). */
  publicKeys?: Array<KeyObject | string>
  /** Expected `aud`; unset: any. */
  audience?: string
  /** How long a "timeout" fault holds the connection before dropping it. */
  hangMs?: number
  /** Random faults on every path: share of 5xx answers and of timeouts; `lostShare` of them after registering. */
  faults?: { failRate?: number; timeoutRate?: number; lostShare?: number; seed?: number; paths?: string[] }
}

interface Registered {
  nre: string
  doctor: string
  substitute: string | null
  body: Record<string, any>
  statoProcesso: string
  codAutenticazione: string
  dataInserimento: string
}

interface Warning {
  codEsito: string
  esito: string
  progPresc: string
  tipoErrore: string
}

interface RedSheet extends Registered {
  warnings: Warning[]
}

interface Lot {
  prefix: string
  doctor: string
  size: number
}

class HttpAnswer {
  constructor(readonly status: number, readonly body: unknown) {}
}

const CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

/** Spec §4.2: the CF check letter. */
export function cfCheck(first15: string) {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const c = first15[i]
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 65
    sum += i % 2 === 0 ? ODD[v] : v
  }
  return String.fromCharCode(65 + (sum % 26))
}

const err = (codEsito: string, esito: string, progPresc = '0', tipoErrore = 'Bloccante') => ({ codEsito, esito, progPresc, tipoErrore })

function mulberry32(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export class UmbriaSarSimulator {
  readonly lots = new Map<string, Lot>()
  readonly registered = new Map<string, Registered>()
  /** Red sheets received, by their 15-digit code (Bar1 + Bar2). */
  readonly red = new Map<string, RedSheet>()
  /** Numbers cancelled before any prescription used them (the regional recovery rule). */
  readonly burned = new Set<string>()
  /** Faults for the next calls, in order, before the random ones. */
  readonly script: Fault[] = []
  readonly received: Array<{ path: string; headers: http.IncomingHttpHeaders; body: any }> = []
  readonly stats = { calls: 0, faults: 0, lost: 0, lots: 0, registered: 0, rejected: 0, cancelled: 0, burned: 0, red: 0, redRejected: 0, redCancelled: 0 }
  keepReceived = true
  #server: http.Server | null = null
  #sockets = new Set<Socket>()
  #timers = new Set<NodeJS.Timeout>()
  #random: () => number
  #lotCounter = 0
  #authCounter = 0
  #keys: KeyObject[]

  constructor(readonly options: SimulatorOptions = {}) {
    this.#random = mulberry32(options.faults?.seed ?? 42)
    this.#keys = (options.publicKeys ?? []).map((k) => (typeof k === 'string' ? createPublicKey(k) : k))
  }

  get url() {
    const address = this.#server?.address()
    if (!address || typeof address === 'string') throw new Error('Simulatore non avviato.')
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`
  }

  setFaults(faults: SimulatorOptions['faults']) {
    this.options.faults = faults
  }

  async start() {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void this.#handle(req, res)
    const { refuseAtHandshake, ...tls } = this.options.tls ?? { cert: '', key: '', ca: '' }
    this.#server = this.options.tls ? https.createServer({ ...tls, requestCert: true, rejectUnauthorized: refuseAtHandshake ?? false }, handler) : http.createServer(handler)
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
    await new Promise<void>((resolve) => this.#server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', resolve))
    return this
  }

  async stop() {
    for (const timer of this.#timers) clearTimeout(timer)
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()))
    this.#server = null
  }

  /** A pharmacy takes the prescription in charge (statoProcesso 5) or dispenses it (8). */
  markDispensing(nre: string) {
    this.#setState(nre, '5')
  }

  markDispensed(nre: string) {
    this.#setState(nre, '8')
  }

  #setState(nre: string, state: string) {
    const record = this.registered.get(nre)
    if (!record) throw new Error(`NRE ${nre} non registrato nel simulatore.`)
    record.statoProcesso = state
  }

  /** Active (not cancelled) prescriptions, by dataCompilazione + patient: what the tests count. */
  active() {
    return [...this.registered.values()].filter((r) => r.statoProcesso !== '4')
  }

  #nextFault(path: string): Fault | null {
    const scripted = this.script.shift()
    if (scripted) return scripted
    const f = this.options.faults
    if (!f || (f.paths && !f.paths.includes(path))) return null
    const r = this.#random()
    const lost = this.#random() < (f.lostShare ?? 0.5)
    if (r < (f.timeoutRate ?? 0)) return lost ? 'lost-timeout' : 'timeout'
    if (r < (f.timeoutRate ?? 0) + (f.failRate ?? 0)) {
      if (lost) return 'lost'
      const codes: Fault[] = ['500', '502', '503', '504']
      return codes[Math.floor(this.#random() * codes.length)]
    }
    return null
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const socket = req.socket as TLSSocket
    if (this.options.tls && !socket.authorized) {
      return this.#reply(res, 403, { messaggio: `Certificato client assente o non riconosciuto (${socket.authorizationError ?? 'nessun certificato'}).` })
    }
    this.stats.calls++
    const path = (req.url ?? '').split('?')[0]
    let body: any = null
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null
    } catch {
      return this.#reply(res, 400, { messaggio: 'Corpo della richiesta non in formato JSON.' })
    }
    if (this.keepReceived) this.received.push({ path, headers: req.headers, body })

    const fault = req.method === 'POST' ? this.#nextFault(path) : null
    if (fault) this.stats.faults++
    if (fault === 'timeout') return this.#hang(res)
    if (fault && ['500', '502', '503', '504'].includes(fault)) return this.#reply(res, Number(fault), { messaggio: `Errore simulato ${fault}` })

    let answer: HttpAnswer
    try {
      answer = this.#route(req, path, body)
    } catch (error) {
      answer = error instanceof HttpAnswer ? error : new HttpAnswer(500, { messaggio: (error as Error).message })
    }
    // The SAR did the work, the answer never arrives.
    if (fault === 'lost') {
      this.stats.lost++
      return this.#reply(res, 502, { messaggio: 'Bad gateway (simulato)' })
    }
    if (fault === 'lost-timeout') {
      this.stats.lost++
      return this.#hang(res)
    }
    this.#reply(res, answer.status, answer.body)
  }

  #hang(res: http.ServerResponse) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      res.socket?.destroy()
    }, this.options.hangMs ?? 5_000)
    this.#timers.add(timer)
  }

  #reply(res: http.ServerResponse, status: number, body: unknown) {
    const text = JSON.stringify(body)
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
    res.end(text)
  }

  #route(req: http.IncomingMessage, path: string, body: any): HttpAnswer {
    if (req.method !== 'POST') return new HttpAnswer(405, { messaggio: 'Metodo non ammesso.' })
    if (!body || typeof body !== 'object') return new HttpAnswer(400, { messaggio: 'Corpo della richiesta mancante.' })
    switch (path) {
      case PATHS.lot:
        return this.#lot(req, body)
      case PATHS.send:
        return this.#send(req, body)
      case PATHS.view:
        return this.#view(req, body)
      case PATHS.cancel:
        return this.#cancel(req, body)
      case PATHS.usedNre:
        return this.#usedNre(req, body)
      case PATHS.redSend:
        return this.#redSend(req, body)
      case PATHS.redView:
        return this.#redView(req, body)
      case PATHS.redCancel:
        return this.#redCancel(req, body)
      default:
        return new HttpAnswer(404, { messaggio: `Servizio ${path} inesistente.` })
    }
  }

  /** Both tokens valid, signed by a trusted key; returns the caller's CF and the signature claims. */
  #authenticate(req: http.IncomingMessage, action: string) {
    const bearer = String(req.headers.authorization ?? '')
    const signature = String(req.headers['fse-jwt-signature'] ?? '')
    if (!bearer.startsWith('Bearer ') || !signature) throw new HttpAnswer(401, { messaggio: 'Token di autenticazione o di firma mancante.' })
    try {
      const auth = this.#verify(bearer.slice(7))
      const sig = this.#verify(signature)
      if (this.options.audience && (auth.aud !== this.options.audience || sig.aud !== this.options.audience)) throw new JwtInvalid('audience errata')
      if (auth.sub !== sig.sub) throw new JwtInvalid('i due token hanno soggetti diversi')
      if (sig.action_id !== action) throw new JwtInvalid(`action_id ${sig.action_id} non coerente (atteso ${action})`)
      if (!sig.purpose_of_use || !sig.subject_role || !sig.subject_application_id) throw new JwtInvalid('claim obbligatori mancanti nel token di firma')
      const caller = String(auth.sub ?? '').split('^')[0]
      return { caller, sig }
    } catch (error) {
      throw new HttpAnswer(401, { messaggio: `Token non valido: ${(error as Error).message}` })
    }
  }

  #verify(token: string) {
    if (this.#keys.length) {
      let last: Error | null = null
      for (const key of this.#keys) {
        try {
          return verifyJwt(token, key).payload
        } catch (error) {
          last = error as Error
        }
      }
      throw last!
    }
    const header = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8') || '{}')
    const der = Array.isArray(header.x5c) ? header.x5c[0] : header.x5c
    if (!der) throw new JwtInvalid('certificato x5c assente')
    return verifyJwt(token, new X509Certificate(Buffer.from(der, 'base64')).publicKey).payload
  }

  #lot(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'CREATE')
    const cf = String(body.cfmedico ?? '')
    const kind = String(body.identificativoLotto ?? '')
    if (String(body.codRegione) !== '100') return new HttpAnswer(200, { codEsito: '1006', esito: 'Regione non abilitata' })
    if (!CF.test(cf) || cf !== caller) return new HttpAnswer(200, { codEsito: '1007', esito: 'Codice fiscale del medico non coerente con l’utente' })
    if (kind !== '0' && kind !== '1') return new HttpAnswer(200, { codEsito: '9999', esito: 'identificativoLotto ammesso: 0 (100 NRE) o 1 (1000 NRE)' })
    const n = ++this.#lotCounter
    const codLotto = String(n).padStart(kind === '0' ? 7 : 6, '0')
    const prefix = `1000A${kind}${codLotto}`
    this.lots.set(prefix, { prefix, doctor: cf, size: kind === '0' ? 100 : 1000 })
    this.stats.lots++
    return new HttpAnswer(200, { codRegione: '100', codRagLotto: '0A', identificativoLotto: kind, codLotto, codEsito: '0000', esito: 'Lotto assegnato', cfmedico: cf })
  }

  #lotOf(nre: string): Lot | undefined {
    return this.lots.get(nre.slice(0, 13)) ?? this.lots.get(nre.slice(0, 12))
  }

  #send(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller, sig } = this.#authenticate(req, 'CREATE')
    const errors = this.#checkPrescription(body, caller, sig)
    const nre = String(body.nre ?? '')
    if (!nre) errors.push(err('1017', 'NRE non presente: in Umbria l’NRE si prende da un lotto'))
    else if (!NRE_PATTERN.test(nre)) errors.push(err('1010', 'Lunghezza o formato dell’NRE errati'))
    else if (!nre.startsWith('100')) errors.push(err('1009', 'Codice regione dell’NRE errato'))
    else {
      const lot = this.#lotOf(nre)
      if (!lot) errors.push(err('1013', 'NRE non appartenente a un lotto assegnato'))
      else if (lot.doctor !== body.cfMedico1) errors.push(err('1014', 'Medico non corrispondente al lotto dell’NRE'))
      else if (this.registered.has(nre) || this.burned.has(nre)) errors.push(err('1016', 'NRE già utilizzato'))
    }

    if (errors.some((e) => e.tipoErrore === 'Bloccante')) {
      this.stats.rejected++
      return new HttpAnswer(200, { nre: body.nre ?? null, codEsitoInserimento: '9999', elencoErroriRicette: { erroreRicetta: errors } })
    }
    const { codAutenticazione, dataInserimento } = this.#receipt()
    this.registered.set(nre, { nre, doctor: body.cfMedico1, substitute: body.cfMedico2 ?? null, body, statoProcesso: '3', codAutenticazione, dataInserimento })
    this.stats.registered++
    return new HttpAnswer(200, {
      nre,
      codAutenticazione,
      dataInserimento,
      codEsitoInserimento: '0000',
      elencoComunicazioni: { comunicazione: [{ codice: '0100', messaggio: 'Nessuna comunicazione' }] },
      flagPromemoria: '1',
      pdfPromemoria: null,
    })
  }

  /** Insertion time and authentication code (spec §4.8: ddMMyyyyHHmmss of insertion + 16 digits). */
  #receipt() {
    const now = new Date()
    const pad = (n: number) => String(n).padStart(2, '0')
    const dataInserimento = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`
    const stamp = `${pad(now.getDate())}${pad(now.getMonth() + 1)}${now.getFullYear()}${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`
    return { dataInserimento, codAutenticazione: stamp + String(++this.#authCounter).padStart(16, '0') }
  }

  /** The checks shared by demat and red sends: form (HTTP 400, thrown) and content (errors returned). */
  #checkPrescription(body: any, caller: string, sig: Record<string, any>) {
    const required = ['cfMedico1', 'codASLAo', 'codRegione', 'codSpecializzazione', 'dataCompilazione', 'elencoDettagliPrescrizioni', 'pinCode', 'tipoPrescrizione', 'tipoVisita']
    const missing = required.filter((k) => body[k] === undefined || body[k] === null)
    if (missing.length) throw new HttpAnswer(400, { messaggio: `Campi obbligatori mancanti: ${missing.join(', ')}` })
    const unknown = Object.keys(body).filter((k) => !(HEADER_TAGS as readonly string[]).includes(k) && k !== 'elencoDettagliPrescrizioni' && !['statoEstero', 'istituzCompetente', 'numIdentPers', 'numIdentTess', 'dataNascitaEstero', 'dataScadTessera'].includes(k))
    if (unknown.length) throw new HttpAnswer(400, { messaggio: `Campi sconosciuti: ${unknown.join(', ')}` })
    const items: any[] = body.elencoDettagliPrescrizioni?.dettaglioPrescrizione
    if (!Array.isArray(items) || !items.length) throw new HttpAnswer(400, { messaggio: 'elencoDettagliPrescrizioni.dettaglioPrescrizione vuoto' })
    for (const item of items) {
      const bad = Object.keys(item).filter((k) => !(ITEM_TAGS as readonly string[]).includes(k))
      if (bad.length) throw new HttpAnswer(400, { messaggio: `Campi sconosciuti nella voce: ${bad.join(', ')}` })
      if (item.quantita !== null && typeof item.quantita !== 'string') throw new HttpAnswer(400, { messaggio: 'quantita deve essere una stringa' })
    }

    const errors: ReturnType<typeof err>[] = []
    const signer = body.cfMedico2 || body.cfMedico1
    if (String(body.codRegione) !== '100') errors.push(err('1006', 'Regione non abilitata al servizio'))
    if (!CF.test(body.cfMedico1)) errors.push(err('1023', 'Codice fiscale del medico errato'))
    else if (cfCheck(body.cfMedico1) !== body.cfMedico1[15]) errors.push(err('1024', 'Carattere di controllo del codice fiscale del medico errato'))
    if (caller !== signer) errors.push(err('1007', 'Il codice fiscale del medico non corrisponde all’utente'))
    if (!/^[0-9]{3}$/.test(String(body.codASLAo))) errors.push(err('1019', 'Codice ASL del prescrittore non valido'))
    if (!['F', 'P'].includes(body.tipoPrescrizione)) errors.push(err('9999', 'tipoPrescrizione ammesso: F o P'))
    if (!['A', 'D'].includes(body.tipoVisita)) errors.push(err('9999', 'tipoVisita ammesso: A o D'))
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(body.dataCompilazione))) errors.push(err('9999', 'dataCompilazione nel formato AAAA-MM-GG hh:mm:ss'))
    if (body.classePriorita && !['U', 'B', 'D', 'P'].includes(body.classePriorita)) errors.push(err('9999', 'classePriorita ammessa: U, B, D, P'))
    const patient = String(body.codiceAss ?? '')
    if (!patient && !['EE', 'UE', 'NE', 'NX'].includes(body.tipoRic)) errors.push(err('1012', 'Codice fiscale dell’assistito mancante'))
    else if (patient && !CF.test(patient) && !/^(STP|ENI)[0-9]{13}$/.test(patient)) errors.push(err('1037', 'Codice fiscale dell’assistito non valido'))
    else if (patient && CF.test(patient) && cfCheck(patient) !== patient[15]) errors.push(err('1037', 'Carattere di controllo del codice fiscale dell’assistito errato'))
    if (patient && String(sig.person_id ?? '').split('^')[0] !== patient) errors.push(err('1012', 'Assistito del token di firma diverso da codiceAss'))
    items.forEach((item, i) => {
      const n = String(i + 1)
      if (!/^[0-9]$/.test(String(item.quantita ?? ''))) errors.push(err('9999', 'quantita: una cifra da 0 a 9', n))
      const byProduct = item.codProdPrest && item.descrProdPrest
      const byGroup = item.codGruppoEquival && item.descrGruppoEquival
      if (body.tipoPrescrizione === 'F' && !byProduct && !byGroup) errors.push(err('9999', 'Indicare prodotto o gruppo di equivalenza', n))
      if (body.tipoPrescrizione === 'F' && item.codProdPrest && !/^[0-9]{9}$/.test(item.codProdPrest)) errors.push(err('9999', 'Codice AIC di 9 cifre', n))
      if (body.tipoPrescrizione === 'P' && !byProduct) errors.push(err('9999', 'Indicare codice e descrizione della prestazione', n))
      if (item.nonSost === '1' && !item.codMotivazione) errors.push(err('9999', 'Motivazione della non sostituibilità mancante', n))
    })
    return errors
  }

  /** Spec §6.5: a single NRE, or a date range with tipoPrescr; the doctor's own prescriptions only. */
  #usedNre(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'READ')
    const missing = ['pinCode', 'codRegione', 'cfMedico'].filter((k) => body[k] === undefined || body[k] === null)
    if (missing.length) return new HttpAnswer(400, { messaggio: `Campi obbligatori mancanti: ${missing.join(', ')}` })
    const refuse = (code: string, text: string) => new HttpAnswer(200, { codEsitoInterrogaNreUtilizzati: '9999', elencoErroriRicette: { erroreRicetta: [err(code, text)] } })
    if (String(body.codRegione) !== '100') return refuse('1006', 'Regione non abilitata al servizio')
    if (caller !== body.cfMedico) return refuse('1007', 'Il codice fiscale del medico non corrisponde all’utente')
    const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/
    const byNre = Boolean(body.nre)
    if (!byNre) {
      if (!stamp.test(String(body.dataCompilazioneRicettaDal)) || !stamp.test(String(body.dataCompilazioneRicettaAl))) {
        return refuse('9999', 'Indicare un NRE o le date di compilazione dal/al (AAAA-MM-GG hh:mm:ss)')
      }
      if (!['F', 'P'].includes(body.tipoPrescr)) return refuse('1153', 'Tipo prescrizione obbligatorio')
    }
    const records = [...this.registered.values()]
      .filter((r) => r.doctor === body.cfMedico || r.substitute === body.cfMedico)
      .filter((r) =>
        byNre
          ? r.nre === body.nre
          : r.body.tipoPrescrizione === body.tipoPrescr && r.body.dataCompilazione >= body.dataCompilazioneRicettaDal && r.body.dataCompilazione <= body.dataCompilazioneRicettaAl
      )
      .map((r) => ({
        nre: r.nre,
        cfMedico: r.doctor,
        tipoPrescrizione: r.body.tipoPrescrizione,
        dataCompilazioneRicetta: r.body.dataCompilazione,
        cfAssistito: null,
        provenienza: '0',
        lotto: this.#lotOf(r.nre)?.prefix ?? null,
        codAutenticazione: r.codAutenticazione,
      }))
    return new HttpAnswer(200, {
      codEsitoInterrogaNreUtilizzati: '0000',
      elencoNreUtilRecord: { nreUtilRecord: records },
      elencoComunicazioni: { comunicazione: [{ codice: '0100', messaggio: 'Nessuna comunicazione' }] },
    })
  }

  /**
   * A red sheet: the demat body with the sheet's code in `nre` (the OpenAPI gives the DPCM send
   * the same schema). Spec §4.5: Bar1 = region code + 2-digit year, Bar2 = pad number (7) +
   * counter (2) + control digit; the control rule is unverified, so a mismatch is a warning.
   */
  #redSend(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller, sig } = this.#authenticate(req, 'CREATE')
    const errors = this.#checkPrescription(body, caller, sig)
    const code = String(body.nre ?? '')
    if (!code) errors.push(err('1017', 'Codice della ricetta rossa non presente'))
    else if (!/^[0-9]{15}$/.test(code)) errors.push(err('1010', 'Codice della ricetta rossa di 15 cifre (5 + 10)'))
    else {
      if (!code.startsWith('100')) errors.push(err('1009', 'Codice regione del ricettario errato'))
      const compiled = /^(\d{4})-/.exec(String(body.dataCompilazione))
      if (compiled && Number(code.slice(3, 5)) > Number(compiled[1].slice(2))) errors.push(err('1011', 'Anno del ricettario successivo alla data di compilazione'))
      const parity = [...code.slice(5, 14)].reduce((sum, digit) => sum + Number(digit), 0) % 10
      if (String(parity) !== code[14]) errors.push(err('1197', 'Cifra di controllo del codice della ricetta non coerente', '0', 'Avviso'))
      if (this.red.has(code)) errors.push(err('1016', 'Ricetta rossa già trasmessa'))
    }
    if (errors.some((e) => e.tipoErrore === 'Bloccante')) {
      this.stats.redRejected++
      return new HttpAnswer(200, { nre: body.nre ?? null, codEsitoInserimento: '9999', elencoErroriRicette: { erroreRicetta: errors } })
    }
    const { codAutenticazione, dataInserimento } = this.#receipt()
    this.red.set(code, { nre: code, doctor: body.cfMedico1, substitute: body.cfMedico2 ?? null, body, statoProcesso: '3', codAutenticazione, dataInserimento, warnings: errors })
    this.stats.red++
    return new HttpAnswer(200, {
      nre: code,
      codAutenticazione,
      dataInserimento,
      codEsitoInserimento: errors.length ? '0001' : '0000',
      ...(errors.length ? { elencoErroriRicette: { erroreRicetta: errors } } : {}),
      elencoComunicazioni: { comunicazione: [{ codice: '0100', messaggio: 'Nessuna comunicazione' }] },
    })
  }

  #redView(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'READ')
    if (!body.nre || !body.cfMedico || body.pinCode === undefined) return new HttpAnswer(400, { messaggio: 'Campi obbligatori: pinCode, nre, cfMedico' })
    if (caller !== body.cfMedico) return new HttpAnswer(200, { codEsitoVisualizzazione: '9999', elencoErroriRicette: { erroreRicetta: [err('1007', 'Il codice fiscale del medico non corrisponde all’utente')] } })
    const sheet = this.red.get(body.nre)
    if (!sheet || (sheet.doctor !== body.cfMedico && sheet.substitute !== body.cfMedico)) {
      return new HttpAnswer(200, { codEsitoVisualizzazione: '9999', elencoErroriRicette: { erroreRicetta: [err('5005', 'Ricetta rossa non trovata')] } })
    }
    const { pinCode: _pin, ...header } = sheet.body
    return new HttpAnswer(200, {
      ...header,
      nre: sheet.nre,
      statoProcesso: sheet.statoProcesso,
      codAutenticazione: sheet.codAutenticazione,
      dataInserimento: sheet.dataInserimento,
      codEsitoVisualizzazione: sheet.warnings.length ? '0001' : '0000',
      ...(sheet.warnings.length ? { elencoErroriRicette: { erroreRicetta: sheet.warnings } } : {}),
      elencoComunicazioni: { comunicazione: [{ codice: '0200', messaggio: 'Nessuna comunicazione' }] },
    })
  }

  #redCancel(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'DELETE')
    if (!body.nre || !body.cfMedico || body.pinCode === undefined) return new HttpAnswer(400, { messaggio: 'Campi obbligatori: pinCode, nre, cfMedico' })
    const refuse = (code: string, text: string) => new HttpAnswer(200, { nre: body.nre, codEsitoAnnullamento: '9999', elencoErroriRicette: { erroreRicetta: [err(code, text)] } })
    if (caller !== body.cfMedico) return refuse('1007', 'Il codice fiscale del medico non corrisponde all’utente')
    const sheet = this.red.get(body.nre)
    if (!sheet) return refuse('5005', 'Ricetta rossa non trovata')
    if ((sheet.substitute ?? sheet.doctor) !== body.cfMedico) return refuse('1125', 'Codice fiscale del medico diverso da quello associato alla ricetta')
    if (sheet.statoProcesso !== '3') return refuse('1120', 'Annullamento non consentito: stato della ricetta non valido')
    sheet.statoProcesso = '4'
    this.stats.redCancelled++
    return new HttpAnswer(200, { nre: body.nre, codEsitoAnnullamento: '0000', elencoComunicazioni: { comunicazione: [{ codice: '0300', messaggio: 'Nessuna comunicazione' }] } })
  }

  #view(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'READ')
    if (!body.nre || !body.cfMedico || body.pinCode === undefined) return new HttpAnswer(400, { messaggio: 'Campi obbligatori: pinCode, nre, cfMedico' })
    if (caller !== body.cfMedico) return new HttpAnswer(200, { codEsitoVisualizzazione: '9999', elencoErroriRicette: { erroreRicetta: [err('1007', 'Il codice fiscale del medico non corrisponde all’utente')] } })
    const record = this.registered.get(body.nre)
    if (!record || (record.doctor !== body.cfMedico && record.substitute !== body.cfMedico)) {
      return new HttpAnswer(200, { codEsitoVisualizzazione: '9999', elencoErroriRicette: { erroreRicetta: [err('5005', 'NRE non trovato')] } })
    }
    const { pinCode: _pin, ...header } = record.body
    return new HttpAnswer(200, {
      ...header,
      nre: record.nre,
      statoProcesso: record.statoProcesso,
      codAutenticazione: record.codAutenticazione,
      dataInserimento: record.dataInserimento,
      codEsitoVisualizzazione: '0000',
      elencoComunicazioni: { comunicazione: [{ codice: '0200', messaggio: 'Nessuna comunicazione' }] },
    })
  }

  #cancel(req: http.IncomingMessage, body: any): HttpAnswer {
    const { caller } = this.#authenticate(req, 'DELETE')
    if (!body.nre || !body.cfMedico || body.pinCode === undefined) return new HttpAnswer(400, { messaggio: 'Campi obbligatori: pinCode, nre, cfMedico' })
    const refuse = (code: string, text: string) => new HttpAnswer(200, { nre: body.nre, codEsitoAnnullamento: '9999', elencoErroriRicette: { erroreRicetta: [err(code, text)] } })
    if (caller !== body.cfMedico) return refuse('1007', 'Il codice fiscale del medico non corrisponde all’utente')
    const record = this.registered.get(body.nre)
    if (!record) {
      const lot = NRE_PATTERN.test(body.nre) ? this.#lotOf(body.nre) : undefined
      // An issued number never used: cancelling it retires it (the recovery rule of the region).
      if (lot && lot.doctor === body.cfMedico && !this.burned.has(body.nre)) {
        this.burned.add(body.nre)
        this.stats.burned++
        return new HttpAnswer(200, { nre: body.nre, codEsitoAnnullamento: '0000' })
      }
      return refuse('5005', 'NRE non trovato')
    }
    const sender = record.substitute ?? record.doctor
    if (sender !== body.cfMedico) return refuse('1125', 'Codice fiscale del medico diverso da quello associato all’NRE')
    if (record.statoProcesso !== '3') return refuse('1120', 'Annullamento non consentito: stato della ricetta non valido')
    record.statoProcesso = '4'
    this.stats.cancelled++
    return new HttpAnswer(200, { nre: body.nre, codEsitoAnnullamento: '0000', elencoComunicazioni: { comunicazione: [{ codice: '0300', messaggio: 'Nessuna comunicazione' }] } })
  }
}
