/*
| Umbria (SAR PuntoZero): REST/JSON mirroring the SAC names, mutual TLS and two signed tokens
| per call, NREs from lots the SAR grants to each doctor (spec §7.1). Recovery after an unknown
| outcome follows the regional rule (spec §8): look the reserved NRE up; found → adopt it; not
| found → cancel that same NRE and send again with a new one. A number is never sent twice.
*/
import { DateTime } from 'luxon'
import type {
  CancelOutcome,
  CredentialsCheckOutcome,
  DematCapabilities,
  DematRegionPlugin,
  DoctorContext,
  PrescriptionToSend,
  RedPrescriptionToSend,
  RedSendOutcome,
  SendOutcome,
  ServiceMessage,
  ViewOutcome,
} from '#services/demat/region_plugin'
import { UmbriaNotConfigured, type UmbriaConfig } from './config.js'
import { SarAuthError, SarSchemaError, SarTransportError, UmbriaClient } from './client.js'
import { NreStore } from './nre_store.js'
import {
  NRE_PATTERN,
  PATHS,
  RED_CODE_PATTERN,
  annullaPrescritto,
  cancelOutcomeOf,
  dpcmInvioPrescritto,
  interrogaNreUtilizzati,
  invioPrescritto,
  messagesOf,
  redCode,
  redOutcomeOf,
  richiestaLotto,
  sendOutcomeOf,
  viewOutcomeOf,
  visualizzaPrescritto,
} from './wire.js'

export const UMBRIA_REGION_CODE = '100'

// Numbers the SAR will never accept again: take a new one and send again.
const DEAD_NRE_CODES = new Set(['1013', '1014', '1015', '1016', '1017', '1030', '1031', '1197'])
const MAX_NUMBERS_PER_SEND = 4

const CF_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const STP_ENI_PATTERN = /^(STP|ENI)[0-9]{13}$/
const COMPILED_AT_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

export class SarRefused extends Error {}

type Adopted = { kind: 'adopted'; outcome: SendOutcome }
type Dead = { kind: 'dead' }

export class UmbriaPlugin implements DematRegionPlugin {
  readonly id = 'sar-umbria'
  readonly regionCodes = [UMBRIA_REGION_CODE]
  readonly supported = true
  readonly #client: UmbriaClient | null
  readonly #notConfigured: UmbriaNotConfigured | null

  constructor(config: UmbriaConfig | UmbriaNotConfigured, readonly store = new NreStore()) {
    this.#notConfigured = config instanceof UmbriaNotConfigured ? config : null
    this.#client = config instanceof UmbriaNotConfigured ? null : new UmbriaClient(config)
  }

  get client(): UmbriaClient {
    if (!this.#client) throw this.#notConfigured!
    return this.#client
  }

  capabilities(): DematCapabilities {
    return {
      assignsNre: 'lot',
      needsPatientCfToView: false,
      returnsPromemoriaPdf: false,
      supportsUsedNreQuery: false,
      supportsSubstituteDeclaration: false,
      // dpcm-invio-prescritto in the SAR's OpenAPI (spec §7.1).
      supportsRedPrescriptionOnline: true,
    }
  }

  validate(p: PrescriptionToSend): ServiceMessage[] {
    const problems: ServiceMessage[] = []
    const problem = (code: string, text: string, itemIndex: number | null = null) => problems.push({ code, text, itemIndex, severity: 'blocking' })
    const cf = p.patient.fiscalCode?.toUpperCase() ?? ''
    const foreign = ['EE', 'UE', 'NE', 'NX'].includes(p.tipoRic ?? '')
    if (!foreign && !cf) problem('1012', 'Codice fiscale dell’assistito mancante.')
    else if (cf && !CF_PATTERN.test(cf) && !(p.tipoRic === 'ST' && STP_ENI_PATTERN.test(cf))) problem('1037', `Codice fiscale dell’assistito non valido: ${cf}.`)
    if (!COMPILED_AT_PATTERN.test(p.compiledAt ?? '')) problem('SAR-DATA', 'Data di compilazione non valida (atteso AAAA-MM-GG hh:mm:ss).')
    if (p.nre && (!NRE_PATTERN.test(p.nre) || !p.nre.startsWith(UMBRIA_REGION_CODE))) problem('1009', `NRE ${p.nre} non appartiene a un lotto della Regione Umbria.`)
    if (!p.items.length) problem('SAR-VOCI', 'La ricetta non ha voci.')
    p.items.forEach((item, index) => {
      const n = index + 1
      if (!Number.isInteger(item.quantity) || item.quantity < 0 || item.quantity > 9) problem('SAR-QTA', `Voce ${n}: quantità ammessa da 0 a 9.`, n)
      const byProduct = Boolean(item.code && item.description)
      const byGroup = Boolean(item.equivalenceGroup?.code && item.equivalenceGroup?.description)
      if (p.kind === 'F' && !byProduct && !byGroup) problem('SAR-VOCE', `Voce ${n}: indicare il farmaco (AIC e descrizione) o il gruppo di equivalenza.`, n)
      if (p.kind === 'P' && !byProduct) problem('SAR-VOCE', `Voce ${n}: indicare codice e descrizione della prestazione.`, n)
      if (p.kind === 'P' && item.notSubstitutable) problem('SAR-VOCE', `Voce ${n}: la non sostituibilità vale solo per i farmaci.`, n)
    })
    return problems
  }

  /** Spec §7 `reserveNre`: the next number of the doctor's lots, asking the SAR for a new lot when they are used up. */
  async reserveNre(ctx: DoctorContext, prescriptionId: number | null = null): Promise<string> {
    const doctor = ctx.fiscalCode
    const fromLot = await this.store.reserveNext(ctx.regionCode, doctor, prescriptionId)
    if (fromLot) return fromLot
    await this.requestLot(ctx)
    const fresh = await this.store.reserveNext(ctx.regionCode, doctor, prescriptionId)
    if (!fresh) throw new SarRefused('Il lotto di NRE appena ricevuto dal SAR Umbria è vuoto.')
    return fresh
  }

  async requestLot(ctx: DoctorContext) {
    const body = await this.client.post(PATHS.lot, richiestaLotto(ctx, this.client.config.lotKind), ctx, 'CREATE')
    if (String(body?.codEsito) !== '0000') {
      throw new SarRefused(`Il SAR Umbria non ha concesso un lotto di NRE: ${body?.esito ?? body?.codEsito ?? 'motivo non indicato'}.`)
    }
    const prefix = `${body.codRegione}${body.codRagLotto}${body.identificativoLotto}${body.codLotto}`
    if (![12, 13].includes(prefix.length)) throw new SarRefused(`Lotto di NRE non valido ricevuto dal SAR Umbria: ${prefix}.`)
    await this.store.addLot(ctx.regionCode, ctx.fiscalCode, prefix)
    return prefix
  }

  async send(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome> {
    const client = this.client
    // A number left in flight by an earlier attempt is settled before a new one is used.
    const settled = await this.#settleOpen(p, ctx)
    if (settled?.kind === 'adopted') return settled.outcome

    for (let round = 0; round < MAX_NUMBERS_PER_SEND; round++) {
      const nre = await this.#numberFor(p, ctx)
      await this.store.mark(nre, 'sending')
      let body: any
      try {
        body = await client.post(PATHS.send, invioPrescritto(p, ctx, nre), ctx, 'CREATE', p.patient.fiscalCode)
      } catch (error) {
        if (error instanceof SarTransportError && error.uncertain) {
          // Spec §7.1, Umbria: after 502/504/timeout, view the reserved NRE before anything else.
          const recovered = await this.#recover(nre, p, ctx)
          if (recovered.kind === 'adopted') return recovered.outcome
          continue
        }
        // Surely not processed (refused connection, 503, credentials, form): the number is still free.
        await this.store.mark(nre, 'reserved')
        throw error
      }
      const outcome = sendOutcomeOf(body)
      if (outcome.status === 'rejected') {
        if (outcome.messages.some((m) => DEAD_NRE_CODES.has(m.code))) {
          await this.store.mark(nre, 'abandoned', outcome.messages.map((m) => `${m.code} ${m.text}`).join('; '))
          continue
        }
        await this.store.mark(nre, 'rejected')
        return outcome
      }
      await this.store.mark(nre, 'sent')
      return { ...outcome, nre: outcome.nre || nre }
    }
    throw new SarRefused('Il SAR Umbria ha rifiutato più NRE di seguito per questa ricetta: verificare i lotti assegnati al medico.')
  }

  async view(nre: string, ctx: DoctorContext): Promise<ViewOutcome> {
    const body = await this.client.post(PATHS.view, visualizzaPrescritto(nre, ctx), ctx, 'READ')
    return viewOutcomeOf(body)
  }

  async cancel(nre: string, ctx: DoctorContext): Promise<CancelOutcome> {
    const body = await this.client.post(PATHS.cancel, annullaPrescritto(nre, ctx), ctx, 'DELETE')
    const outcome = cancelOutcomeOf(body)
    if (outcome.status === 'cancelled' && (await this.store.find(nre))) await this.store.mark(nre, 'cancelled')
    return outcome
  }

  /** After an uncertain send: the copy the SAR kept under this prescription's number, if any. */
  async reconcile(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome | null> {
    const settled = await this.#settleOpen(p, ctx)
    if (settled?.kind === 'adopted') return settled.outcome
    // Accepted earlier but the answer never reached the prescription: read it back.
    const sent = await this.store.lastSentFor(p.localId)
    if (sent) {
      const view = await this.#viewBody(sent.nre, ctx)
      if (view && this.#isOurs(view, p, ctx)) return this.#adopted(sent.nre, view)
    }
    return null
  }

  /**
   * Red (DPCM) sheet data: the demat body with the sheet's code in `nre`. The SAR answers at
   * once, so the outcome is never only `received`. After an unknown outcome the SAR's copy is
   * looked up by that code: the code is printed on paper, it cannot change like an NRE.
   */
  async sendRed(data: RedPrescriptionToSend, ctx: DoctorContext): Promise<RedSendOutcome> {
    const problems = this.#validateRed(data, ctx)
    if (problems.length) return { status: 'rejected', protocol: null, messages: problems }
    const code = redCode(data)
    let outcome: RedSendOutcome | null
    try {
      const body = await this.client.post(PATHS.redSend, dpcmInvioPrescritto(data, ctx), ctx, 'CREATE', data.patient.fiscalCode)
      outcome = redOutcomeOf(body, code)
      if (!outcome) throw new SarTransportError('Risposta del SAR Umbria alla ricetta rossa senza esito: esito incerto.', true)
    } catch (error) {
      if (!(error instanceof SarTransportError) || !error.uncertain) throw error
      // Still unreachable: the original error stands and the send is tried again later.
      const copy = await this.#redCopy(code, data, ctx).catch(() => null)
      if (copy) return copy
      throw error
    }
    // Sent before with the answer lost: the SAR already holds this sheet.
    if (outcome.status === 'rejected' && outcome.messages.some((m) => m.code === '1016')) {
      return (await this.#redCopy(code, data, ctx)) ?? outcome
    }
    return outcome
  }

  /** The SAR's verdict on a red transmission; the protocol is the sheet's code (see sendRed). */
  /** dpcm-annulla-prescritto: the sheet's code stands where the NRE would (as in dpcm-invio). */
  async cancelRed(sheet: { bar1: string; bar2: string; protocol: string | null }, ctx: DoctorContext): Promise<CancelOutcome> {
    const body = await this.client.post(PATHS.redCancel, annullaPrescritto(`${sheet.bar1}${sheet.bar2}`, ctx), ctx, 'DELETE')
    return cancelOutcomeOf(body)
  }

  async checkRed(protocol: string, ctx: DoctorContext): Promise<RedSendOutcome> {
    if (!RED_CODE_PATTERN.test(protocol)) throw new SarSchemaError(`Protocollo ${protocol} non valido per il SAR Umbria: atteso il codice della ricetta rossa (15 cifre).`)
    const body = await this.client.post(PATHS.redView, visualizzaPrescritto(protocol, ctx), ctx, 'READ')
    const code = String(body?.codEsitoVisualizzazione ?? '')
    const messages = messagesOf(body)
    if (code === '0000' || code === '0001') {
      if (String(body.statoProcesso) === '4') {
        return { status: 'rejected', protocol, messages: [...messages, { code: 'SAR-ANNULLATA', text: 'Ricetta rossa annullata sul SAR Umbria.', severity: 'blocking' }] }
      }
      return { status: code === '0000' && !messages.length ? 'accepted' : 'accepted_with_warnings', protocol, messages }
    }
    // 5005: the SAR holds nothing under this code, the data never arrived or was discarded.
    if (messages.some((m) => m.code === '5005')) return { status: 'rejected', protocol, messages }
    throw new SarRefused(`Il SAR Umbria non ha dato l’esito della ricetta rossa ${protocol}: ${messages.map((m) => `${m.code} ${m.text}`).join('; ') || code || 'motivo non indicato'}.`)
  }

  /**
   * A read-only call signed as the doctor: the used-NRE query for today (spec §6.5). Refused
   * tokens or client certificate, and an unreachable service, come back as `ok: false`.
   */
  async testCredentials(ctx: DoctorContext): Promise<CredentialsCheckOutcome> {
    const today = DateTime.now().setZone('Europe/Rome')
    const range = { from: `${today.toFormat('yyyy-MM-dd')} 00:00:00`, to: `${today.toFormat('yyyy-MM-dd')} 23:59:59`, kind: 'F' as const }
    let body: any
    try {
      body = await this.client.post(PATHS.usedNre, interrogaNreUtilizzati(ctx, range), ctx, 'READ')
    } catch (error) {
      if (error instanceof SarAuthError || error instanceof SarTransportError || error instanceof SarSchemaError || error instanceof UmbriaNotConfigured) {
        return { ok: false, message: error.message, messages: [] }
      }
      throw error
    }
    const code = String(body?.codEsitoInterrogaNreUtilizzati ?? '')
    const messages = messagesOf(body)
    if (code === '0000' || code === '0001') {
      const used = (body?.elencoNreUtilRecord?.nreUtilRecord ?? []).length
      return { ok: true, message: `Credenziali accettate dal SAR Umbria (ricette farmaceutiche di oggi: ${used}).`, messages }
    }
    const reasons = messages.map((m) => `${m.code} ${m.text}`).join('; ')
    return { ok: false, message: `Il SAR Umbria ha risposto con un errore${reasons ? `: ${reasons}` : ` (esito ${code || 'assente'})`}.`, messages }
  }

  classify(error: unknown) {
    if (error instanceof SarTransportError) return 'transport' as const
    if (error instanceof SarAuthError) return 'auth' as const
    if (error instanceof SarSchemaError) return 'schema' as const
    if (error instanceof SarRefused) return 'rejected' as const
    return 'unknown' as const
  }

  close() {
    this.#client?.close()
  }

  async #numberFor(p: PrescriptionToSend, ctx: DoctorContext): Promise<string> {
    const open = await this.store.openFor(p.localId)
    if (open) return open.nre
    if (p.nre) {
      const known = await this.store.find(p.nre)
      if (!known) {
        await this.store.adopt(p.nre, ctx.regionCode, ctx.fiscalCode, p.localId)
        return p.nre
      }
    }
    return this.reserveNre(ctx, p.localId)
  }

  async #settleOpen(p: PrescriptionToSend, ctx: DoctorContext): Promise<Adopted | Dead | null> {
    const open = await this.store.openFor(p.localId)
    if (!open || open.status !== 'sending') return null
    return this.#recover(open.nre, p, ctx)
  }

  /**
   * The regional rule. A failure here (the SAR still unreachable) leaves the number `sending`:
   * the next attempt starts again from the view, never from a new number.
   */
  async #recover(nre: string, p: PrescriptionToSend, ctx: DoctorContext): Promise<Adopted | Dead> {
    const view = await this.#viewBody(nre, ctx)
    if (view && String(view.statoProcesso) !== '4' && this.#isOurs(view, p, ctx)) {
      await this.store.mark(nre, 'sent', 'adottato dopo esito incerto')
      return { kind: 'adopted', outcome: this.#adopted(nre, view) }
    }
    const cancelled = await this.client.post(PATHS.cancel, annullaPrescritto(nre, ctx), ctx, 'DELETE')
    const code = String(cancelled?.codEsitoAnnullamento ?? '')
    const errors = cancelOutcomeOf(cancelled).messages.map((m) => m.code)
    // 0000: cancelled; 5005 / 1120: nothing registered or already cancelled. Anything else: try again later.
    if (code !== '0000' && code !== '0001' && !errors.some((c) => c === '5005' || c === '1120')) {
      throw new SarTransportError(`Annullamento dell’NRE ${nre} non riuscito dopo un esito incerto: ${errors.join(', ') || code}.`, true)
    }
    await this.store.mark(nre, 'abandoned', 'annullato dopo esito incerto')
    return { kind: 'dead' }
  }

  async #viewBody(nre: string, ctx: DoctorContext): Promise<any | null> {
    const body = await this.client.post(PATHS.view, visualizzaPrescritto(nre, ctx), ctx, 'READ')
    const code = String(body?.codEsitoVisualizzazione ?? '')
    return code === '0000' || code === '0001' ? body : null
  }

  /** Regional rules on a red sheet, before any call (spec §4.5: Bar1 = region + year, Bar2 = 10 digits). */
  #validateRed(data: RedPrescriptionToSend, ctx: DoctorContext): ServiceMessage[] {
    const problems = this.validate({ ...data, nre: null })
    const problem = (code: string, text: string) => problems.push({ code, text, itemIndex: null, severity: 'blocking' })
    if (!/^[0-9]{5}$/.test(data.bar1 ?? '')) problem('SAR-ROSSA', `Prima parte del codice della ricetta rossa non valida: ${data.bar1} (regione e anno, 5 cifre).`)
    else if (!data.bar1.startsWith(ctx.regionCode)) problem('1009', `Il ricettario ${data.bar1} non è della Regione Umbria (codice ${ctx.regionCode}).`)
    if (!/^[0-9]{10}$/.test(data.bar2 ?? '')) problem('SAR-ROSSA', `Seconda parte del codice della ricetta rossa non valida: ${data.bar2} (10 cifre).`)
    return problems
  }

  /** The SAR's copy of a red sheet when it is this prescription's (same doctor, same compilation), not cancelled. */
  async #redCopy(code: string, data: RedPrescriptionToSend, ctx: DoctorContext): Promise<RedSendOutcome | null> {
    const body = await this.client.post(PATHS.redView, visualizzaPrescritto(code, ctx), ctx, 'READ')
    const found = ['0000', '0001'].includes(String(body?.codEsitoVisualizzazione ?? ''))
    if (!found || String(body.statoProcesso) === '4' || !this.#isOurs(body, { ...data, nre: null }, ctx)) return null
    const messages = messagesOf(body)
    return { status: messages.length ? 'accepted_with_warnings' : 'accepted', protocol: code, messages }
  }

  #isOurs(view: any, p: PrescriptionToSend, ctx: DoctorContext) {
    return view.cfMedico1 === ctx.fiscalCode && view.dataCompilazione === p.compiledAt && (!view.codiceAss || view.codiceAss === p.patient.fiscalCode)
  }

  #adopted(nre: string, view: any): SendOutcome {
    return {
      status: 'accepted',
      nre,
      authCode: view.codAutenticazione ?? undefined,
      insertedAt: view.dataInserimento ?? undefined,
      promemoriaPdf: null,
      regionalMessage: null,
      messages: [],
    }
  }
}
