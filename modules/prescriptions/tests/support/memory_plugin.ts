/*
| A region plugin that keeps everything in memory: the prescriptions module's tests drive its
| answers (accept, reject, transport failure, uncertain, already dispensed). The protocol-faithful
| simulators belong to the region plugins themselves.
*/
import type { CancelOutcome, CredentialsCheckOutcome, DematRegionPlugin, DoctorContext, PrescriptionToSend, RedPrescriptionToSend, RedSendOutcome, SendOutcome, ServiceMessage } from '#services/demat/region_plugin'

export class TransportError extends Error {}

export class MemoryPlugin implements DematRegionPlugin {
  readonly id = 'memory'
  readonly regionCodes = ['120']
  received: Array<{ prescription: PrescriptionToSend; ctx: DoctorContext }> = []
  /** What the next send does; consumed in order, then 'accept'. */
  script: Array<'accept' | 'reject' | 'downgrade' | 'transport' | 'uncertain' | 'auth'> = []
  /** Copies the "service" kept after an uncertain answer, by compiledAt + patient. */
  kept = new Map<string, SendOutcome>()
  dispensed = new Set<string>()
  cancelled: string[] = []
  /** Red prescriptions received; what the next red send does, consumed in order, then 'received'. */
  redReceived: Array<{ data: RedPrescriptionToSend; ctx: DoctorContext }> = []
  redScript: Array<'received' | 'accept' | 'warn' | 'reject' | 'transport'> = []
  #seq = 0

  /** A test removes it (`plugin.sendRed = undefined`) to play a region without online red sending. */
  sendRed?: (data: RedPrescriptionToSend, ctx: DoctorContext) => Promise<RedSendOutcome> = async (data, ctx) => {
    const next = this.redScript.shift() ?? 'received'
    if (next === 'transport') throw new TransportError('connect ECONNREFUSED')
    this.redReceived.push({ data, ctx })
    const protocol = `2026${String(100000 + this.redReceived.length)}`
    if (next === 'reject') {
      return { status: 'rejected', protocol, messages: [{ code: 'E103', text: 'Codice esenzione non valido', itemIndex: null, severity: 'blocking' }] }
    }
    if (next === 'warn') {
      return { status: 'accepted_with_warnings', protocol, messages: [{ code: 'W021', text: 'Indirizzo assistito assente', itemIndex: null, severity: 'warning' }] }
    }
    return { status: next === 'accept' ? 'accepted' : 'received', protocol, messages: [] }
  }

  /** What the next credentials test answers, consumed in order, then 'ok'. */
  credentialsScript: Array<'ok' | 'refused' | 'transport'> = []
  testCredentials?: (ctx: DoctorContext) => Promise<CredentialsCheckOutcome> = async (ctx) => {
    const next = this.credentialsScript.shift() ?? 'ok'
    if (next === 'transport') throw new TransportError('connect ECONNREFUSED')
    if (next === 'refused') return { ok: false, message: `Credenziali rifiutate: 1002 Pincode errato per ${ctx.credentials.username}.`, messages: [{ code: '1002', text: 'Pincode errato', severity: 'blocking' }] }
    return { ok: true, message: `Credenziali valide per ${ctx.credentials.username}.`, messages: [] }
  }

  /** Red sheets withdrawn; set to undefined to play a region that cannot withdraw them. */
  redCancelled: string[] = []
  cancelRed?: (sheet: { bar1: string; bar2: string; protocol: string | null }, ctx: DoctorContext) => Promise<CancelOutcome> = async (sheet) => {
    this.redCancelled.push(`${sheet.bar1}${sheet.bar2}`)
    return { status: 'cancelled', messages: [] }
  }

  /** The MEF's later verdict by protocol; a protocol not listed is still being processed. */
  verdicts = new Map<string, 'accept' | 'reject'>()
  checkRed?: (protocol: string, ctx: DoctorContext) => Promise<RedSendOutcome> = async (protocol) => {
    const verdict = this.verdicts.get(protocol)
    if (verdict === 'reject') return { status: 'rejected', protocol, messages: [{ code: 'E210', text: 'Quantità non coerente con la confezione', itemIndex: 1, severity: 'blocking' }] }
    return { status: verdict === 'accept' ? 'accepted' : 'received', protocol, messages: [] }
  }

  capabilities() {
    return { assignsNre: 'central' as const, needsPatientCfToView: false, returnsPromemoriaPdf: false, supportsUsedNreQuery: true, supportsSubstituteDeclaration: true, supportsRedPrescriptionOnline: typeof this.sendRed === 'function' }
  }

  validate(p: PrescriptionToSend): ServiceMessage[] {
    return p.items.length ? [] : [{ code: '9999', text: 'Nessuna voce', severity: 'blocking' }]
  }

  #accept(p: PrescriptionToSend): SendOutcome {
    this.#seq++
    return {
      status: 'accepted',
      nre: `1200A${String(4000000000 + this.#seq)}`,
      authCode: `${Date.now()}${this.#seq}`.slice(0, 30),
      insertedAt: p.compiledAt,
      messages: [],
    }
  }

  async send(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome> {
    const next = this.script.shift() ?? 'accept'
    if (next === 'transport') throw new TransportError('connect ETIMEDOUT')
    if (next === 'auth') throw Object.assign(new Error('credenziali invalide'), { auth: true })
    this.received.push({ prescription: p, ctx })
    if (next === 'reject') {
      return { status: 'rejected', messages: [{ code: '5011', text: 'Codice esenzione non valido', itemIndex: null, severity: 'blocking' }] }
    }
    if (next === 'downgrade') {
      // As FVG answers a prescription it will not dematerialise: use the red pad.
      return { status: 'rejected', fallbackToRed: true, messages: [{ code: '060125', text: 'Prescrizione da effettuare su ricetta rossa', itemIndex: null, severity: 'blocking' }] }
    }
    const outcome = this.#accept(p)
    if (next === 'uncertain') {
      this.kept.set(`${p.compiledAt}|${p.patient.fiscalCode}`, outcome)
      throw new TransportError('socket hang up after the request left')
    }
    return outcome
  }

  /** White electronic prescriptions (NRBE service); set to undefined to play a region without it. */
  sendWhite?: (p: PrescriptionToSend, ctx: DoctorContext) => Promise<SendOutcome> = async (p, ctx) => {
    this.received.push({ prescription: p, ctx })
    this.#seq++
    return { status: 'accepted', nrbe: `A${String(10000000000 + this.#seq)}`, pin: 'K7P2Q', authCode: null as any, messages: [] }
  }

  /** statoProcesso by NRE, as the pharmacy moves it (3 by default once sent). */
  statuses = new Map<string, string>()

  async view(nre: string) {
    const status = this.statuses.get(nre) ?? (this.received.some(() => true) ? '3' : undefined)
    return status ? { found: true, remoteStatus: status, messages: [] } : { found: false, messages: [] }
  }

  async cancel(nre: string): Promise<CancelOutcome> {
    if (this.dispensed.has(nre)) return { status: 'refused', messages: [{ code: '1120', text: 'Ricetta già in erogazione', severity: 'blocking' }] }
    this.cancelled.push(nre)
    return { status: 'cancelled', messages: [] }
  }

  async reconcile(p: PrescriptionToSend): Promise<SendOutcome | null> {
    return this.kept.get(`${p.compiledAt}|${p.patient.fiscalCode}`) ?? null
  }

  classify(error: unknown) {
    if ((error as { auth?: boolean }).auth) return 'auth' as const
    return error instanceof TransportError ? ('transport' as const) : ('unknown' as const)
  }
}
