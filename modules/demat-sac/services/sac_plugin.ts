/*
| The Sogei SAC region plugin: demInvioPrescritto, demVisualizzaPrescritto, demAnnullaPrescritto
| and demInterrogaNreUtilizzati over SOAP (spec §6), the white electronic prescription (NRBE,
| spec §6.8) and the DPCM 26/03/2008 transmission of red prescriptions, each on its own host.
| A rejection is an outcome; an exception means the service was not reached (or refused the
| credentials). When a send may have reached the service without an answer the outcome is
| 'uncertain' and reconcile() looks for its copy.
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
import { SacSoapFault } from '#services/demat/sac_schema/answers'
import { sendFields } from '#services/demat/sac_schema/envelopes'
import { adoptOwnCopy, reconcileQuery } from '#services/demat/sac_schema/reconcile'
import { CREDENTIAL_CODES, sacMessage } from './error_messages.js'
import {
  BAR1_PATTERN,
  BAR2_PATTERN,
  COMPILED_AT_PATTERN,
  FOREIGN_TIPO_RIC,
  isFiscalCodeShape,
  isStpEni,
  isValidFiscalCode,
  NRBE_PATTERN,
  NRE_PATTERN,
  PROVINCE_PATTERN,
  QUANTITY_PATTERN,
  TIPO_RIC,
} from './formal_checks.js'
import type { SanitelCertificate } from './sanitel_cf.js'
import { cancelEnvelope, sendEnvelope, usedNreEnvelope, viewEnvelope } from './soap/envelopes.js'
import { classifySacError, SacAuthError, SacError, SacRejectedError, SacTransportError, type FailureKind } from './soap/errors.js'
import { faultToError, parseCancelAnswer, parseSendAnswer, parseUsedNreAnswer, parseViewAnswer, type SacAnswer, type ViewAnswer } from './soap/responses.js'
import { DPCM_RECEIVED, type SacOperation } from './soap/protocol.js'
import { SoapTransport, type SoapCall, type TransportOptions } from './soap/transport.js'
import { whiteCancelEnvelope, whiteSendEnvelope, whiteSendFields, whiteViewEnvelope, type WhitePrescriberDetails } from './soap/white_envelopes.js'
import { parseWhiteCancelAnswer, parseWhiteSendAnswer, parseWhiteViewAnswer } from './soap/white_responses.js'
import { dpcmUploadEnvelope, dpcmVerdictEnvelope, parseDpcmReceipt, parseDpcmVerdict, redFields, redFileName, ricetteMirXml } from './soap/dpcm_message.js'
import { zipSingle } from './soap/zip.js'

export type { WhitePrescriberDetails } from './soap/white_envelopes.js'

export interface SacPluginConfig extends TransportOptions {
  /** The SanitelCF certificate, loaded on first use (the simulator may create its own late). */
  certificate: () => Promise<SanitelCertificate>
  /** Authorization2F session of the doctor (spec §6.1); null: header not sent. */
  twoFactorSession?: (ctx: DoctorContext) => string | null
  /** Production: without a valid session no call is made (the doctor renews it); spec §6.1. */
  twoFactorRequired?: boolean
  regionCodes?: string[]
  /** Base URL of the NRBE service (spec §6.8); none: white electronic prescriptions are not offered. */
  whiteBaseUrl?: string | null
  /** Base URL of the DPCM services; none: red prescriptions wait in their queue. */
  dpcmBaseUrl?: string | null
  /**
   * The prescriber's registration number, office and phone for the NRBE service, when the
   * context does not carry them (`DoctorContext` has no such fields yet).
   */
  whitePrescriber?: (ctx: DoctorContext) => WhitePrescriberDetails | null
}

/** The core's context carries the prescriber's details for the NRBE service. */
export type SacDoctorContext = DoctorContext

/** The SAC regions (spec §4.6). */
export const SAC_REGION_CODES = ['020', '110', '120', '130', '140', '150', '170', '180', '190']


const local = (code: string, text: string, itemIndex: number | null = null): ServiceMessage => ({ code, text, itemIndex, severity: 'blocking' })

const succeeded = (code: string) => code === '0000' || code === '0001'

const romeToday = () => DateTime.now().setZone('Europe/Rome').toFormat('yyyy-MM-dd')

/** Spec §6.8 [P]: quantity of a white prescription item, 1 to 99. */
const WHITE_QUANTITY = /^[1-9][0-9]?$/

export class SacPlugin implements DematRegionPlugin {
  readonly id = 'sac'
  readonly regionCodes: string[]
  readonly #transport: SoapTransport
  readonly #whiteTransport: SoapTransport | null
  readonly #dpcmTransport: SoapTransport | null
  #certificate: Promise<SanitelCertificate> | null = null

  /** Present only with the NRBE service configured: otherwise such prescriptions wait with the reason. */
  readonly sendWhite?: (prescription: PrescriptionToSend, ctx: DoctorContext) => Promise<SendOutcome>
  /** Present only with the DPCM services configured: otherwise red prescriptions stay queued. */
  readonly sendRed?: (data: RedPrescriptionToSend, ctx: DoctorContext) => Promise<RedSendOutcome>
  readonly checkRed?: (protocol: string, ctx: DoctorContext) => Promise<RedSendOutcome>

  constructor(readonly config: SacPluginConfig) {
    this.regionCodes = config.regionCodes ?? SAC_REGION_CODES
    this.#transport = new SoapTransport(config)
    // Other hosts, each with its own pace (spec §6.1 counts requests per host).
    this.#whiteTransport = config.whiteBaseUrl ? new SoapTransport({ ...config, baseUrl: config.whiteBaseUrl }) : null
    this.#dpcmTransport = config.dpcmBaseUrl ? new SoapTransport({ ...config, baseUrl: config.dpcmBaseUrl }) : null
    if (this.#whiteTransport) this.sendWhite = (p, ctx) => this.#sendWhite(p, ctx)
    if (this.#dpcmTransport) {
      this.sendRed = (data, ctx) => this.#sendRed(data, ctx)
      this.checkRed = (protocol, ctx) => this.#checkRed(protocol, ctx)
    }
  }

  capabilities(): DematCapabilities {
    return {
      assignsNre: 'central',
      needsPatientCfToView: false,
      returnsPromemoriaPdf: true,
      supportsUsedNreQuery: true,
      supportsSubstituteDeclaration: false,
      supportsRedPrescriptionOnline: Boolean(this.sendRed),
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

  /** The host an operation lives on. */
  #transportFor(operation: SacOperation): SoapTransport {
    const transport = operation.endsWith('Bianca') ? this.#whiteTransport : operation.startsWith('dpcm') ? this.#dpcmTransport : this.#transport
    if (!transport) {
      const service = operation.endsWith('Bianca') ? 'della ricetta bianca elettronica (SAC_NRBE_URL)' : 'di trasmissione delle ricette rosse (SAC_DPCM_URL)'
      throw new SacError(`Il servizio ${service} non è configurato per questa installazione.`)
    }
    return transport
  }

  /** One call; a SOAP Fault becomes the error it means. */
  async #call(operation: SacOperation, body: string, ctx: DoctorContext, attachment: SoapCall['attachment'] = null): Promise<string> {
    const twoFactorSession = this.config.twoFactorSession?.(ctx) ?? null
    if (this.config.twoFactorRequired && !twoFactorSession) {
      throw new SacAuthError('Sessione a due fattori del Sistema TS mancante o scaduta: la rinnovi in «Credenziali ricetta». Nessuna chiamata è stata fatta.', '2FA_REQUIRED')
    }
    const reply = await this.#transportFor(operation).call({
      operation,
      body,
      username: ctx.credentials.username,
      password: ctx.credentials.password,
      twoFactorSession,
      attachment,
    })
    return reply.body
  }

  async #read<T extends SacAnswer>(operation: SacOperation, body: string, ctx: DoctorContext, parse: (xml: string) => T, attachment: SoapCall['attachment'] = null): Promise<T> {
    const xml = await this.#call(operation, body, ctx, attachment)
    let answer: T
    try {
      answer = parse(xml)
    } catch (error) {
      if (error instanceof SacSoapFault) throw faultToError(error, null)
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

  async view(nre: string, ctx: DoctorContext, patientFiscalCode?: string): Promise<ViewOutcome> {
    // A white electronic prescription is known by its NRBE: it lives on the NRBE service.
    if (NRBE_PATTERN.test(nre)) return this.#viewWhite(nre, ctx, patientFiscalCode)
    const answer = await this.viewDetails(nre, ctx)
    if (answer.outcomeCode === '0000' || answer.outcomeCode === '0001') {
      return { found: true, remoteStatus: answer.remoteStatus, authCode: answer.authCode || undefined, messages: answer.messages }
    }
    return { found: false, messages: answer.messages }
  }

  async cancel(nre: string, ctx: DoctorContext): Promise<CancelOutcome> {
    if (NRBE_PATTERN.test(nre)) return this.#cancelWhite(nre, ctx)
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
    const records = await this.usedNre(ctx, reconcileQuery(p))
    return adoptOwnCopy(p, ctx, records, (nre) => this.viewDetails(nre, ctx))
  }

  /**
   * "Prova credenziali": the used-NRE list of today for drug prescriptions, a query that changes
   * nothing. Refused user or password, or a refused pincode, give `ok: false` with the reason; a
   * service that cannot be reached throws (the caller shows the transport message).
   */
  async testCredentials(ctx: DoctorContext): Promise<CredentialsCheckOutcome> {
    const today = romeToday()
    try {
      const records = await this.usedNre(ctx, { kind: 'F', from: `${today} 00:00:00`, to: `${today} 23:59:59` })
      const sent = records.length === 1 ? '1 ricetta farmaceutica inviata oggi' : `${records.length} ricette farmaceutiche inviate oggi`
      return { ok: true, message: `Credenziali valide: il servizio SAC ha accettato utente, password e pincode (${sent}).`, messages: [] }
    } catch (error) {
      if (error instanceof SacAuthError) {
        if (error.code) return { ok: false, message: sacMessage(error.code), messages: [local(error.code, sacMessage(error.code))] }
        return { ok: false, message: 'Utente o password del Sistema TS non accettati dal servizio: li controlli nelle «Credenziali ricetta».', messages: [] }
      }
      if (error instanceof SacRejectedError) {
        return { ok: false, message: `Il servizio ha rifiutato la verifica: ${error.message}`, messages: [local(error.code, error.message)] }
      }
      throw error
    }
  }

  // ---------------------------------------------------------------- white prescription (NRBE)

  #whitePrescriber(ctx: DoctorContext): WhitePrescriberDetails | null {
    return (ctx as SacDoctorContext).prescriber ?? this.config.whitePrescriber?.(ctx) ?? null
  }

  /** What the NRBE service would refuse, checked before the call (spec §6.8). */
  #validateWhite(p: PrescriptionToSend, prescriber: WhitePrescriberDetails | null): ServiceMessage[] {
    const problems: ServiceMessage[] = []
    if (p.kind !== 'F') problems.push(local('LOCALE', 'La ricetta bianca elettronica si usa solo per i farmaci.'))
    if (!COMPILED_AT_PATTERN.test(p.compiledAt)) problems.push(local('LOCALE', 'Data di compilazione non nel formato AAAA-MM-GG hh:mm:ss.'))
    const code = (p.patient.fiscalCode ?? '').trim().toUpperCase()
    if (!code) problems.push(local('1012', sacMessage('1012')))
    else if (!isStpEni(code) && !/^[0-9]{11}$/.test(code) && !isValidFiscalCode(code)) problems.push(local('1024', sacMessage('1024')))
    const office = prescriber?.office
    if (!prescriber?.registrationNumber?.trim() || !office?.street?.trim() || !office.postalCode?.trim() || !office.city?.trim() || !office.province?.trim() || !prescriber.phone?.trim()) {
      problems.push(local('LOCALE', 'Per la ricetta bianca elettronica servono il numero di iscrizione all’Albo, l’indirizzo e il telefono dello studio del medico: li completi nel profilo.'))
    }
    if (!p.items.length) problems.push(local('LOCALE', 'La ricetta non ha voci.'))
    p.items.forEach((item, i) => {
      const n = i + 1
      if (!WHITE_QUANTITY.test(String(item.quantity))) problems.push(local('LOCALE', `Voce ${n}: la quantità deve essere da 1 a 99.`, n))
      const byProduct = item.code && item.description
      const byGroup = item.equivalenceGroup?.code && item.equivalenceGroup?.description
      if (!byProduct && !byGroup) problems.push(local('LOCALE', `Voce ${n}: serve il codice AIC con la descrizione, o il gruppo di equivalenza con la descrizione.`, n))
      if (item.notSubstitutable && !/^[1-4]$/.test(item.notSubstitutableReason ?? '')) problems.push(local('LOCALE', `Voce ${n}: indicare la motivazione della non sostituibilità (da 1 a 4).`, n))
    })
    return problems
  }

  async #sendWhite(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome> {
    const prescriber = this.#whitePrescriber(ctx)
    const problems = this.#validateWhite(p, prescriber)
    if (problems.length) return { status: 'rejected', messages: problems }
    const cert = await this.#cert()
    const fields = whiteSendFields(p, ctx, prescriber!, {
      pinCode: cert.encrypt(ctx.credentials.pincode),
      codicePaziente: cert.encrypt(p.patient.fiscalCode.trim().toUpperCase()),
    })
    let answer
    try {
      answer = await this.#read('invioBianca', whiteSendEnvelope(fields), ctx, (xml) => parseWhiteSendAnswer(xml, p.items.length))
    } catch (error) {
      // No used-NRBE query exists: the caller's reconcile cannot find a lost copy (see the report).
      if (error instanceof SacTransportError && error.mayHaveArrived) {
        return { status: 'uncertain', messages: [{ code: 'ESITO_INCERTO', text: `Esito incerto: ${error.message}`, itemIndex: null, severity: 'blocking' }] }
      }
      throw error
    }
    if (!succeeded(answer.outcomeCode) || !answer.nrbe) {
      const messages = answer.messages.length ? answer.messages : [local(answer.outcomeCode || '9999', sacMessage(answer.outcomeCode || '9999'))]
      return { status: 'rejected', messages }
    }
    const warnings = answer.messages.length > 0 || answer.outcomeCode === '0001'
    return {
      status: warnings ? 'accepted_with_warnings' : 'accepted',
      nrbe: answer.nrbe,
      pin: answer.pin,
      // The transaction protocol is the service's proof of registration, as the SAC's auth code.
      authCode: answer.protocol || undefined,
      insertedAt: answer.insertedAt || undefined,
      promemoriaPdf: answer.promemoriaPdf,
      regionalMessage: null,
      messages: answer.messages,
    }
  }

  async #whiteLookup(nrbe: string, ctx: DoctorContext, patientFiscalCode?: string | null) {
    const cert = await this.#cert()
    const patient = (patientFiscalCode ?? '').trim().toUpperCase()
    return {
      pinCode: cert.encrypt(ctx.credentials.pincode),
      codicePaziente: patient ? cert.encrypt(patient) : '',
      nrbe,
      cfMedico: (ctx.substituteFiscalCode || ctx.fiscalCode).toUpperCase(),
    }
  }

  async #viewWhite(nrbe: string, ctx: DoctorContext, patientFiscalCode?: string): Promise<ViewOutcome> {
    const answer = await this.#read('visualizzaBianca', whiteViewEnvelope(await this.#whiteLookup(nrbe, ctx, patientFiscalCode)), ctx, parseWhiteViewAnswer)
    if (succeeded(answer.outcomeCode)) return { found: true, remoteStatus: answer.remoteStatus, authCode: answer.protocol || undefined, messages: answer.messages }
    return { found: false, messages: answer.messages }
  }

  async #cancelWhite(nrbe: string, ctx: DoctorContext): Promise<CancelOutcome> {
    // The contract's cancel() has no patient CF: the NRBE and the prescriber identify it.
    const answer = await this.#read('annullaBianca', whiteCancelEnvelope(await this.#whiteLookup(nrbe, ctx)), ctx, parseWhiteCancelAnswer)
    if (succeeded(answer.outcomeCode)) return { status: 'cancelled', messages: answer.messages }
    return { status: 'refused', messages: answer.messages.length ? answer.messages : [local(answer.outcomeCode, sacMessage(answer.outcomeCode))] }
  }

  // ---------------------------------------------------------------- red prescription (DPCM)

  #validateRed(data: RedPrescriptionToSend): ServiceMessage[] {
    const problems: ServiceMessage[] = []
    if (!BAR1_PATTERN.test(data.bar1)) problems.push(local('LOCALE', 'Codice del ricettario (prima parte) non valido: servono 5 cifre, regione e anno.'))
    else if (!this.regionCodes.includes(data.bar1.slice(0, 3))) problems.push(local('LOCALE', `Il ricettario è di un’altra regione (codice ${data.bar1.slice(0, 3)}).`))
    if (!BAR2_PATTERN.test(data.bar2)) problems.push(local('LOCALE', 'Codice della ricetta (seconda parte) non valido: servono 10 cifre.'))
    if (!COMPILED_AT_PATTERN.test(data.compiledAt)) problems.push(local('LOCALE', 'Data di compilazione non nel formato AAAA-MM-GG hh:mm:ss.'))
    const code = (data.patient.fiscalCode ?? '').trim().toUpperCase()
    if (!code && !FOREIGN_TIPO_RIC.includes((data.tipoRic ?? '').trim())) problems.push(local('1012', sacMessage('1012')))
    else if (code && !isFiscalCodeShape(code) && !isStpEni(code) && !/^[0-9]{11}$/.test(code)) problems.push(local('1024', sacMessage('1024')))
    else if (isFiscalCodeShape(code) && !isValidFiscalCode(code)) problems.push(local('1024', sacMessage('1024')))
    if (!data.items.length) problems.push(local('LOCALE', 'La ricetta non ha voci.'))
    data.items.forEach((item, i) => {
      if (!QUANTITY_PATTERN.test(String(item.quantity))) problems.push(local('LOCALE', `Voce ${i + 1}: la quantità deve essere una cifra da 0 a 9.`, i + 1))
    })
    return problems
  }

  /**
   * DPCM 26/03/2008: the sheet's data as a zipped RicetteMIR file. The receipt only says the file
   * was taken (`received`, with the protocol); the MEF's checks come later through checkRed().
   */
  async #sendRed(data: RedPrescriptionToSend, ctx: DoctorContext): Promise<RedSendOutcome> {
    const problems = this.#validateRed(data)
    if (problems.length) return { status: 'rejected', protocol: null, messages: problems }
    const cert = await this.#cert()
    const patientCode = (data.patient.fiscalCode ?? '').trim().toUpperCase()
    const xml = ricetteMirXml(redFields(data, { pinCode: cert.encrypt(ctx.credentials.pincode), codiceAss: patientCode ? cert.encrypt(patientCode) : '' }))
    const name = redFileName(data)
    const attachment = { contentId: `${name}.zip`, contentType: 'application/zip', data: zipSingle(`${name}.xml`, Buffer.from(xml, 'utf8')) }
    const receipt = await this.#read('dpcmInvio', dpcmUploadEnvelope(`${name}.zip`), ctx, parseDpcmReceipt, attachment)
    if (receipt.outcomeCode !== DPCM_RECEIVED || !receipt.protocol) {
      return { status: 'rejected', protocol: receipt.protocol || null, messages: receipt.messages.length ? receipt.messages : [local('DPCM', 'File rifiutato dal servizio.')] }
    }
    return { status: 'received', protocol: receipt.protocol, messages: [] }
  }

  /** The outcome of the MEF's checks on a transmission ("elenco analitico"), by its protocol. */
  async #checkRed(protocol: string, ctx: DoctorContext): Promise<RedSendOutcome> {
    const cert = await this.#cert()
    const verdict = await this.#read('dpcmEsiti', dpcmVerdictEnvelope({ pinCodeIn: cert.encrypt(ctx.credentials.pincode), protocolloSac: protocol }), ctx, parseDpcmVerdict)
    if (!verdict.valid) {
      const credential = verdict.messages.find((m) => CREDENTIAL_CODES.includes(m.code))
      if (credential) throw new SacAuthError(credential.text, credential.code)
      const first = verdict.messages[0]
      throw new SacRejectedError(first?.text ?? 'Interrogazione degli esiti rifiutata dal servizio.', first?.code ?? 'DPCM')
    }
    const records = verdict.records.filter((r) => !r.protocol || r.protocol === protocol)
    // Not in the list yet: the MEF has not checked the file.
    if (!records.length) return { status: 'received', protocol, messages: [] }
    const errors = records.flatMap((r) => r.errors)
    // The verdict's errors carry no severity: any of them means the data was discarded [U].
    return errors.length ? { status: 'rejected', protocol, messages: errors } : { status: 'accepted', protocol, messages: [] }
  }

  classify(error: unknown): FailureKind {
    const kind = classifySacError(error)
    if (kind !== 'unknown') return kind
    const name = (error as Error | null)?.name
    return name === 'TimeoutError' || name === 'AbortError' ? 'transport' : 'unknown'
  }

  async close() {
    await Promise.all([this.#transport.close(), this.#whiteTransport?.close(), this.#dpcmTransport?.close()])
  }
}
