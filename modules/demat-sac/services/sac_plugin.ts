/*
| The Sogei SAC region plugin: demInvioPrescritto, demVisualizzaPrescritto, demAnnullaPrescritto
| and demInterrogaNreUtilizzati over SOAP (spec §6). A rejection is an outcome; an exception means
| the service was not reached (or refused the credentials). When a send may have reached the
| service without an answer the outcome is 'uncertain' and reconcile() looks for its copy.
*/
import type {
  CancelOutcome,
  DematCapabilities,
  DematRegionPlugin,
  DoctorContext,
  PrescriptionToSend,
  SendOutcome,
  ServiceMessage,
  ViewOutcome,
} from '#services/demat/region_plugin'
import { CREDENTIAL_CODES, sacMessage } from './error_messages.js'
import { COMPILED_AT_PATTERN, FOREIGN_TIPO_RIC, isStpEni, isValidFiscalCode, NRE_PATTERN, PROVINCE_PATTERN, QUANTITY_PATTERN, TIPO_RIC } from './formal_checks.js'
import type { SanitelCertificate } from './sanitel_cf.js'
import { cancelEnvelope, sendEnvelope, sendFields, usedNreEnvelope, viewEnvelope } from './soap/envelopes.js'
import { classifySacError, SacAuthError, SacRejectedError, SacTransportError, type FailureKind } from './soap/errors.js'
import { faultToError, parseCancelAnswer, parseSendAnswer, parseUsedNreAnswer, parseViewAnswer, SoapFault, type SacAnswer, type ViewAnswer } from './soap/responses.js'
import type { SacOperation } from './soap/protocol.js'
import { SoapTransport, type TransportOptions } from './soap/transport.js'

export interface SacPluginConfig extends TransportOptions {
  /** The SanitelCF certificate, loaded on first use (the simulator may create its own late). */
  certificate: () => Promise<SanitelCertificate>
  /** Authorization2F session of the doctor (spec §6.1); null: header not sent. */
  twoFactorSession?: (ctx: DoctorContext) => string | null
  regionCodes?: string[]
}

/** The SAC regions (spec §4.6). */
export const SAC_REGION_CODES = ['020', '110', '120', '130', '140', '150', '170', '180', '190']

/** Spec §8: the used-NRE window around dataCompilazione. */
const RECONCILE_WINDOW_MS = 2 * 60_000

function shiftLocal(compiledAt: string, deltaMs: number) {
  const [date, time] = compiledAt.split(' ')
  const [y, mo, d] = date.split('-').map(Number)
  const [h, mi, s] = time.split(':').map(Number)
  const shifted = new Date(Date.UTC(y, mo - 1, d, h, mi, s) + deltaMs)
  return shifted.toISOString().slice(0, 19).replace('T', ' ')
}

const normalizeDate = (value: string) => value.replace('T', ' ').slice(0, 19)

const local = (code: string, text: string, itemIndex: number | null = null): ServiceMessage => ({ code, text, itemIndex, severity: 'blocking' })

export class SacPlugin implements DematRegionPlugin {
  readonly id = 'sac'
  readonly regionCodes: string[]
  readonly #transport: SoapTransport
  #certificate: Promise<SanitelCertificate> | null = null

  constructor(readonly config: SacPluginConfig) {
    this.regionCodes = config.regionCodes ?? SAC_REGION_CODES
    this.#transport = new SoapTransport(config)
  }

  capabilities(): DematCapabilities {
    return {
      assignsNre: 'central',
      needsPatientCfToView: false,
      returnsPromemoriaPdf: true,
      supportsUsedNreQuery: true,
      supportsSubstituteDeclaration: false,
      supportsRedPrescriptionOnline: false,
    }
  }

  validate(p: PrescriptionToSend): ServiceMessage[] {
    const problems: ServiceMessage[] = []
    if (!COMPILED_AT_PATTERN.test(p.compiledAt)) problems.push(local('LOCALE', 'Data di compilazione non nel formato AAAA-MM-GG hh:mm:ss.'))
    const tipoRic = (p.tipoRic ?? '').trim()
    if (!TIPO_RIC.includes(tipoRic)) problems.push(local('1032', sacMessage('1032')))
    const code = (p.patient.fiscalCode ?? '').trim().toUpperCase()
    if (tipoRic === 'ST') {
      if (!code) problems.push(local('1039', sacMessage('1039')))
      else if (!isStpEni(code)) problems.push(local('1036', sacMessage('1036')))
    } else if (!FOREIGN_TIPO_RIC.includes(tipoRic)) {
      if (!code) problems.push(local('1012', sacMessage('1012')))
      // A provisional 11-digit code is left to the service (spec §4.1).
      else if (!/^[0-9]{11}$/.test(code) && !isValidFiscalCode(code)) problems.push(local('1024', sacMessage('1024')))
    }
    if (p.nre && !NRE_PATTERN.test(p.nre)) problems.push(local('1010', sacMessage('1010')))
    const province = (p.patient.province ?? '').trim()
    if (province && !PROVINCE_PATTERN.test(province.toUpperCase())) problems.push(local('LOCALE', 'Provincia dell’assistito non valida (due lettere).'))
    if (!p.items.length) problems.push(local('LOCALE', 'La ricetta non ha voci.'))
    p.items.forEach((item, i) => {
      const n = i + 1
      if (!QUANTITY_PATTERN.test(String(item.quantity))) problems.push(local('LOCALE', `Voce ${n}: la quantità deve essere una cifra da 0 a 9.`, n))
      if (p.kind === 'F') {
        const byProduct = item.code && item.description
        const byGroup = item.equivalenceGroup?.code && item.equivalenceGroup?.description
        if (!byProduct && !byGroup) problems.push(local('LOCALE', `Voce ${n}: serve il codice AIC con la descrizione, o il gruppo di equivalenza con la descrizione.`, n))
        if (item.notSubstitutable && !item.notSubstitutableReason) problems.push(local('LOCALE', `Voce ${n}: indicare la motivazione della non sostituibilità.`, n))
      } else {
        if (!item.code || !item.description) problems.push(local('LOCALE', `Voce ${n}: servono il codice e la descrizione della prestazione.`, n))
        if (item.notSubstitutable) problems.push(local('LOCALE', `Voce ${n}: la non sostituibilità vale solo per i farmaci.`, n))
      }
    })
    return problems
  }

  async #cert() {
    this.#certificate ??= this.config.certificate().catch((error) => {
      this.#certificate = null
      throw error
    })
    return this.#certificate
  }

  /** One call; a SOAP Fault becomes the error it means. */
  async #call(operation: SacOperation, body: string, ctx: DoctorContext): Promise<string> {
    const reply = await this.#transport.call({
      operation,
      body,
      username: ctx.credentials.username,
      password: ctx.credentials.password,
      twoFactorSession: this.config.twoFactorSession?.(ctx) ?? null,
    })
    return reply.body
  }

  async #read<T extends SacAnswer>(operation: SacOperation, body: string, ctx: DoctorContext, parse: (xml: string) => T): Promise<T> {
    const xml = await this.#call(operation, body, ctx)
    let answer: T
    try {
      answer = parse(xml)
    } catch (error) {
      if (error instanceof SoapFault) throw faultToError(error, null)
      throw error
    }
    // Pincode or user refused (spec §8): the doctor must fix the credentials, no retry.
    const credential = answer.messages.find((m) => CREDENTIAL_CODES.includes(m.code) && m.severity === 'blocking')
    if (answer.outcomeCode === '9999' && credential) throw new SacAuthError(credential.text, credential.code)
    return answer
  }

  async send(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome> {
    const cert = await this.#cert()
    const patientCode = (p.patient.fiscalCode ?? '').trim().toUpperCase()
    const fields = sendFields(p, ctx, {
      pinCode: cert.encrypt(ctx.credentials.pincode),
      codiceAss: patientCode ? cert.encrypt(patientCode) : '',
    })
    let answer
    try {
      answer = await this.#read('invio', sendEnvelope(fields), ctx, parseSendAnswer)
    } catch (error) {
      if (error instanceof SacTransportError && error.mayHaveArrived) {
        return { status: 'uncertain', messages: [{ code: 'ESITO_INCERTO', text: `Esito incerto: ${error.message}`, itemIndex: null, severity: 'blocking' }] }
      }
      throw error
    }
    const accepted = answer.outcomeCode === '0000' || answer.outcomeCode === '0001'
    if (!accepted || !answer.nre) {
      const messages = answer.messages.length ? answer.messages : [local(answer.outcomeCode || '9999', sacMessage(answer.outcomeCode || '9999'))]
      return { status: 'rejected', messages }
    }
    const warnings = answer.messages.length > 0 || answer.outcomeCode === '0001'
    return {
      status: warnings ? 'accepted_with_warnings' : 'accepted',
      nre: answer.nre,
      authCode: answer.authCode,
      insertedAt: answer.insertedAt,
      promemoriaPdf: answer.promemoriaPdf,
      regionalMessage: answer.regionalMessage,
      messages: answer.messages,
    }
  }

  /** The full read-back: header, items, statoProcesso (spec §6.3). */
  async viewDetails(nre: string, ctx: DoctorContext): Promise<ViewAnswer> {
    const cert = await this.#cert()
    const body = viewEnvelope({ pinCode: cert.encrypt(ctx.credentials.pincode), nre, cfMedico: (ctx.substituteFiscalCode || ctx.fiscalCode).toUpperCase() })
    return this.#read('visualizza', body, ctx, parseViewAnswer)
  }

  async view(nre: string, ctx: DoctorContext): Promise<ViewOutcome> {
    const answer = await this.viewDetails(nre, ctx)
    if (answer.outcomeCode === '0000' || answer.outcomeCode === '0001') {
      return { found: true, remoteStatus: answer.remoteStatus, authCode: answer.authCode || undefined, messages: answer.messages }
    }
    return { found: false, messages: answer.messages }
  }

  async cancel(nre: string, ctx: DoctorContext): Promise<CancelOutcome> {
    const cert = await this.#cert()
    const body = cancelEnvelope({ pinCode: cert.encrypt(ctx.credentials.pincode), nre, cfMedico: (ctx.substituteFiscalCode || ctx.fiscalCode).toUpperCase() })
    const answer = await this.#read('annulla', body, ctx, parseCancelAnswer)
    if (answer.outcomeCode === '0000' || answer.outcomeCode === '0001') return { status: 'cancelled', messages: answer.messages }
    return { status: 'refused', messages: answer.messages.length ? answer.messages : [local(answer.outcomeCode, sacMessage(answer.outcomeCode))] }
  }

  /** NREs the service holds for the titolare in a compilation window (spec §6.5). */
  async usedNre(ctx: DoctorContext, query: { from: string; to: string; kind: 'F' | 'P' } | { nre: string }) {
    const cert = await this.#cert()
    const body = usedNreEnvelope({
      pinCode: cert.encrypt(ctx.credentials.pincode),
      codRegione: ctx.regionCode,
      cfMedico: ctx.fiscalCode.toUpperCase(),
      ...('nre' in query ? { nre: query.nre } : { tipoPrescr: query.kind, dataCompilazioneRicettaDal: query.from, dataCompilazioneRicettaAl: query.to }),
    })
    const answer = await this.#read('interrogaNre', body, ctx, parseUsedNreAnswer)
    if (answer.outcomeCode !== '0000' && answer.outcomeCode !== '0001') {
      const first = answer.messages[0]
      throw new SacRejectedError(first?.text ?? sacMessage(answer.outcomeCode), first?.code ?? answer.outcomeCode)
    }
    return answer.records
  }

  /**
   * Spec §8: after an uncertain send, the used NREs of the doctor in dataCompilazione ± 2 min;
   * a record with the same dataCompilazione whose read-back has our patient and items is ours.
   */
  async reconcile(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome | null> {
    const records = p.nre
      ? await this.usedNre(ctx, { nre: p.nre })
      : await this.usedNre(ctx, { kind: p.kind, from: shiftLocal(p.compiledAt, -RECONCILE_WINDOW_MS), to: shiftLocal(p.compiledAt, RECONCILE_WINDOW_MS) })
    const candidates = records.filter((r) => normalizeDate(r.dataCompilazioneRicetta) === p.compiledAt && r.nre)
    const expected = sendFields(p, ctx, { pinCode: '', codiceAss: '' })
    let failure: unknown = null
    for (const record of candidates) {
      let copy: ViewAnswer
      try {
        copy = await this.viewDetails(record.nre, ctx)
      } catch (error) {
        // Another candidate may be ours; if none is, the failure makes the caller retry.
        failure = error
        continue
      }
      if (copy.outcomeCode !== '0000' && copy.outcomeCode !== '0001') continue
      // A cancelled copy is not a prescription the patient can use.
      if (copy.remoteStatus === '4') continue
      if (copy.header.cognNome && copy.header.cognNome !== expected.header.cognNome) continue
      const sameItems =
        copy.items.length === expected.items.length &&
        copy.items.every((item, i) => {
          const mine = expected.items[i]
          return item.codProdPrest === mine.codProdPrest && item.codGruppoEquival === mine.codGruppoEquival && Number(item.quantita) === Number(mine.quantita)
        })
      if (!sameItems) continue
      return {
        status: 'accepted',
        nre: record.nre,
        authCode: copy.authCode || record.codAutenticazione,
        insertedAt: copy.insertedAt || undefined,
        promemoriaPdf: null,
        regionalMessage: null,
        messages: [],
      }
    }
    if (failure) throw failure
    return null
  }

  classify(error: unknown): FailureKind {
    const kind = classifySacError(error)
    if (kind !== 'unknown') return kind
    const name = (error as Error | null)?.name
    return name === 'TimeoutError' || name === 'AbortError' ? 'transport' : 'unknown'
  }

  async close() {
    await this.#transport.close()
  }
}
