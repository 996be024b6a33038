/*
| Friuli Venezia Giulia (SAR Insiel): the SAC messages over SOAP with the regional namespaces and
| attributes, mutual TLS with the doctor's card, the Insiel product code in the User-Agent
| (spec §7.1). The SAR passes the prescription to the SAC and returns NRE and authentication code;
| codes 060120–060130 mean "issue a red prescription instead" and come back as a rejection with
| `fallbackToRed`. After an unknown outcome nothing is sent again before the used NREs of the doctor
| around dataCompilazione (± 2 min) have been read back (spec §8).
*/
import { constants, publicEncrypt, X509Certificate } from 'node:crypto'
import { DateTime } from 'luxon'
import { isValidFiscalCode } from '#services/patients/fiscal_code'
import type {
  CancelOutcome,
  CredentialsCheckOutcome,
  DematCapabilities,
  DematRegionPlugin,
  DoctorContext,
  PrescriptionToSend,
  SendOutcome,
  ServiceMessage,
  ViewOutcome,
} from '#services/demat/region_plugin'
import {
  readCancelAnswer,
  readSendAnswer,
  readUsedNreAnswer,
  readViewAnswer,
  answerBody,
  commonAnswer,
  SacSoapFault,
  SacUnexpectedAnswer,
  type RawError,
  type SacAnswer,
  type UsedNreRecord,
  type ViewAnswer,
} from '#services/demat/sac_schema/answers'
import { buildSendRequest, buildSimpleRequest, sendFields } from '#services/demat/sac_schema/envelopes'
import { adoptOwnCopy, reconcileQuery } from '#services/demat/sac_schema/reconcile'
import type { SacDialect } from '#services/demat/sac_schema/protocol'
import { soapEnvelope, text, XmlSyntaxError } from '#services/demat/sac_schema/xml'
import { FvgNotConfigured, type FvgConfig } from './config.js'
import { FvgAuthError, FvgClient, FvgRefused, FvgSchemaError, FvgTransportError } from './client.js'
import { FVG_CREDENTIAL_CODES, downgradeMessage, fvgMessage } from './messages.js'
import {
  CATALOGUE_VERSION_PATTERN,
  FVG_REGION_CODE,
  FVG_SUBSTITUTE_NS,
  FVG_TYPES_NS,
  SUBSTITUTE_REQUEST_ROOT,
  SUBSTITUTE_RESPONSE_ROOT,
  downgradeCodeIn,
  fvgDialect,
  isDowngradeCode,
  type FvgOperation,
} from './protocol.js'

const NAME = 'SAR del Friuli Venezia Giulia'


const NRE_PATTERN = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/
const STP_ENI_PATTERN = /^(STP|ENI)[0-9]{13}$/
const COMPILED_AT_PATTERN = /^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$/
/** tipoRic values (spec §4.7); `AD` is regional only and not sent. */
const TIPO_RIC = ['', 'EE', 'UE', 'NA', 'ND', 'NE', 'NX', 'ST']
const FOREIGN_TIPO_RIC = ['EE', 'UE', 'NE', 'NX']

const ACCEPTED = new Set(['0000', '0001'])


const problem = (code: string, text: string, itemIndex: number | null = null, severity: 'blocking' | 'warning' = 'blocking'): ServiceMessage => ({ code, text, itemIndex, severity })

const toMessage = (e: RawError): ServiceMessage => ({ code: e.code, text: fvgMessage(e.code, e.text), itemIndex: e.itemIndex, severity: e.severity })

export interface SubstituteCheck {
  enabled: boolean
  message: string
  messages: ServiceMessage[]
}

export class FvgPlugin implements DematRegionPlugin {
  readonly id = 'sar-fvg'
  readonly regionCodes = [FVG_REGION_CODE]
  readonly supported = true
  readonly #client: FvgClient | null
  readonly #notConfigured: FvgNotConfigured | null
  readonly #dialect: SacDialect | null
  #encryptionKey: X509Certificate | null = null
  /** Prescriptions whose last send had an unknown outcome: reconciled before being sent again. */
  readonly #uncertain = new Set<number>()

  constructor(config: FvgConfig | FvgNotConfigured) {
    this.#notConfigured = config instanceof FvgNotConfigured ? config : null
    this.#client = config instanceof FvgNotConfigured ? null : new FvgClient(config)
    this.#dialect = config instanceof FvgNotConfigured ? null : fvgDialect(config.product.code)
  }

  get client(): FvgClient {
    if (!this.#client) throw this.#notConfigured!
    return this.#client
  }

  get dialect(): SacDialect {
    if (!this.#dialect) throw this.#notConfigured!
    return this.#dialect
  }

  capabilities(): DematCapabilities {
    return {
      // Lots are served by a separate regional service without a published schema: the SAC assigns.
      assignsNre: 'central',
      needsPatientCfToView: false,
      // [U] whether the SAR returns the SAC's PDF: the promemoria is printed locally.
      returnsPromemoriaPdf: false,
      supportsUsedNreQuery: true,
      supportsSubstituteDeclaration: false,
      supportsRedPrescriptionOnline: false,
    }
  }

  validate(p: PrescriptionToSend): ServiceMessage[] {
    const problems: ServiceMessage[] = []
    const tipoRic = (p.tipoRic ?? '').trim()
    const code = (p.patient.fiscalCode ?? '').trim().toUpperCase()
    if (!COMPILED_AT_PATTERN.test(p.compiledAt ?? '')) problems.push(problem('SAR-DATA', 'Data di compilazione non valida (atteso AAAA-MM-GG hh:mm:ss).'))
    if (!TIPO_RIC.includes(tipoRic)) problems.push(problem('1032', fvgMessage('1032')))
    if (tipoRic === 'ST') {
      if (!code) problems.push(problem('1039', fvgMessage('1039')))
      else if (!STP_ENI_PATTERN.test(code)) problems.push(problem('1036', fvgMessage('1036')))
    } else if (!FOREIGN_TIPO_RIC.includes(tipoRic)) {
      if (!code) problems.push(problem('1012', fvgMessage('1012')))
      else if (!/^[0-9]{11}$/.test(code) && !isValidFiscalCode(code)) problems.push(problem('1024', `Codice fiscale dell’assistito non valido: ${code}.`))
    }
    if (p.nre && (!NRE_PATTERN.test(p.nre) || !p.nre.startsWith(FVG_REGION_CODE))) problems.push(problem('1008', `L’NRE ${p.nre} non è un numero della Regione Friuli Venezia Giulia.`))
    if (!p.items.length) problems.push(problem('SAR-VOCI', 'La ricetta non ha voci.'))
    if (p.kind === 'P' && !(p.diagnosisCode ?? '').trim() && !(p.diagnosisText ?? '').trim()) {
      problems.push(problem('SAR-QUESITO', 'Prescrizione specialistica: indicare il quesito diagnostico (codice o descrizione).'))
    }
    p.items.forEach((item, index) => {
      const n = index + 1
      if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > 9) problems.push(problem('SAR-QTA', `Voce ${n}: quantità ammessa da 1 a 9.`, n))
      if (p.kind === 'F') {
        const byProduct = Boolean(item.code && item.description)
        const byGroup = Boolean(item.equivalenceGroup?.code && item.equivalenceGroup?.description)
        if (!byProduct && !byGroup) problems.push(problem('SAR-VOCE', `Voce ${n}: indicare il farmaco (AIC e descrizione) o il gruppo di equivalenza.`, n))
        if (item.notSubstitutable && !item.notSubstitutableReason) problems.push(problem('SAR-VOCE', `Voce ${n}: indicare la motivazione della non sostituibilità.`, n))
        // Regional specification p. 21: catalogue code and access type are for specialist prescriptions only.
        if (item.catalogueCode || item.accessType) problems.push(problem('SAR-VOCE', `Voce ${n}: codice di catalogo e tipo di accesso valgono solo per la specialistica.`, n))
        // Spec §5.1 [U]: more than two packs is for the service to judge; the doctor is warned.
        if (item.quantity > 2 && !p.exemptionCode) problems.push(problem('SAR-QTA', `Voce ${n}: più di due confezioni senza esenzione; il SAR potrebbe respingere la ricetta.`, n, 'warning'))
      } else {
        if (!item.code || !item.description) problems.push(problem('SAR-VOCE', `Voce ${n}: indicare codice e descrizione della prestazione.`, n))
        // Regional specification p. 21: the regional catalogue code is mandatory for specialist items.
        if (!(item.catalogueCode ?? '').trim()) problems.push(problem('SAR-CATALOGO', `Voce ${n}: manca il codice del catalogo regionale delle prestazioni.`, n))
        if (item.notSubstitutable) problems.push(problem('SAR-VOCE', `Voce ${n}: la non sostituibilità vale solo per i farmaci.`, n))
      }
    })
    // Spec §5.1 [U]: up to 8 services per specialist prescription.
    if (p.kind === 'P' && p.items.reduce((sum, item) => sum + (item.quantity || 0), 0) > 8) {
      problems.push(problem('SAR-QTA', 'Più di otto prestazioni nella stessa ricetta; il SAR potrebbe respingerla.', null, 'warning'))
    }
    return problems
  }

  // ------------------------------------------------------------------ calls

  #encrypt(value: string): string {
    const config = this.client.config
    this.#encryptionKey ??= new X509Certificate(config.patientCfCertificate)
    // Spec §6.1: RSA PKCS#1 v1.5, then base64 (as for SanitelCF).
    return publicEncrypt({ key: this.#encryptionKey.publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(value, 'utf8')).toString('base64')
  }

  /** The answer of one call; a SOAP Fault or an unreadable answer becomes the error it means. */
  async #read<T>(operation: FvgOperation, envelope: string, ctx: DoctorContext, read: (xml: string) => T): Promise<T> {
    const reply = await this.client.call(operation, envelope, ctx)
    try {
      return read(reply.body)
    } catch (error) {
      if (error instanceof SacSoapFault) throw faultError(error)
      if (error instanceof XmlSyntaxError || error instanceof SacUnexpectedAnswer) {
        throw new FvgTransportError(`Risposta del ${NAME} non leggibile (${error.message}): esito incerto.`, true, reply.status)
      }
      throw error
    }
  }

  /** Card or position refused (spec §8): the doctor must act, no retry. */
  #stopOnCredentials(answer: SacAnswer) {
    const refused = answer.errors.find((e) => FVG_CREDENTIAL_CODES.includes(e.code) && e.severity === 'blocking')
    if (!ACCEPTED.has(answer.outcomeCode) && refused) throw new FvgAuthError(fvgMessage(refused.code, refused.text), refused.code)
  }

  async send(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome> {
    const config = this.client.config
    if (p.kind === 'P' && !CATALOGUE_VERSION_PATTERN.test(config.catalogueVersion ?? '')) {
      // Par. 3.1: versioneCR is mandatory for specialist prescriptions; a setting, not the prescription's fault.
      throw new FvgNotConfigured('Versione del catalogo regionale delle prestazioni non configurata (SAR_FVG_CATALOGUE_VERSION, es. 1.4.4): le ricette specialistiche restano in attesa.')
    }
    // Spec §8: an earlier attempt may have reached the SAR; look for its copy first.
    if (this.#uncertain.has(p.localId)) {
      const found = await this.reconcile(p, ctx)
      if (found) return found
    }
    const code = (p.patient.fiscalCode ?? '').trim().toUpperCase()
    const fields = sendFields(p, ctx, { pinCode: '', codiceAss: code ? this.#encrypt(code) : '' })
    const envelope = buildSendRequest(this.dialect, fields, {
      itemListAttributes: p.kind === 'P' ? { versioneCR: config.catalogueVersion! } : {},
    })
    let answer
    try {
      answer = await this.#read('invio', envelope, ctx, readSendAnswer)
    } catch (error) {
      if (error instanceof DowngradeFault) return downgraded(error.code)
      if (!(error instanceof FvgTransportError) || !error.uncertain) throw error
      this.#uncertain.add(p.localId)
      try {
        const found = await this.reconcile(p, ctx)
        if (found) return found
      } catch {
        // Still unreachable: the prescription waits; the next attempt reconciles again.
      }
      return { status: 'uncertain', messages: [problem('ESITO_INCERTO', `${error.message} Prima di un nuovo invio si verificherà se il SAR l’ha registrata.`)] }
    }
    this.#uncertain.delete(p.localId)
    this.#stopOnCredentials(answer)
    const messages = answer.errors.map(toMessage)
    const downgrade = messages.find((m) => isDowngradeCode(m.code))
    if (downgrade) return { status: 'rejected', fallbackToRed: true, messages: [downgrade, ...messages.filter((m) => m !== downgrade)] }
    if (!ACCEPTED.has(answer.outcomeCode) || !answer.nre || messages.some((m) => m.severity === 'blocking')) {
      const code = answer.outcomeCode || '9999'
      return { status: 'rejected', messages: messages.length ? messages : [problem(code, fvgMessage(code))] }
    }
    const notices = answer.communications.filter((c) => c.code === '0196').map((c) => problem(c.code, fvgMessage(c.code, c.message), null, 'warning'))
    const warnings = messages.length > 0 || answer.outcomeCode === '0001'
    return {
      status: warnings ? 'accepted_with_warnings' : 'accepted',
      nre: answer.nre,
      authCode: answer.authCode,
      insertedAt: answer.insertedAt,
      promemoriaPdf: answer.promemoriaPdf,
      regionalMessage: answer.communications.find((c) => c.code === '0197')?.message || null,
      messages: [...messages, ...notices],
    }
  }

  #simple(operation: 'visualizza' | 'annulla', nre: string, ctx: DoctorContext) {
    return buildSimpleRequest(this.dialect, operation, { pinCode: '', nre, cfMedico: (ctx.substituteFiscalCode || ctx.fiscalCode).toUpperCase() })
  }

  /** The full read-back: header, items, statoProcesso (spec §6.3). */
  async viewDetails(nre: string, ctx: DoctorContext): Promise<ViewAnswer> {
    const answer = await this.#read('visualizza', this.#simple('visualizza', nre, ctx), ctx, readViewAnswer)
    this.#stopOnCredentials(answer)
    return answer
  }

  async view(nre: string, ctx: DoctorContext): Promise<ViewOutcome> {
    const answer = await this.viewDetails(nre, ctx)
    const messages = answer.errors.map(toMessage)
    if (ACCEPTED.has(answer.outcomeCode)) return { found: true, remoteStatus: answer.remoteStatus, authCode: answer.authCode || undefined, messages }
    return { found: false, messages }
  }

  async cancel(nre: string, ctx: DoctorContext): Promise<CancelOutcome> {
    const answer = await this.#read('annulla', this.#simple('annulla', nre, ctx), ctx, readCancelAnswer)
    this.#stopOnCredentials(answer)
    const messages = answer.errors.map(toMessage)
    if (ACCEPTED.has(answer.outcomeCode)) return { status: 'cancelled', messages }
    const code = answer.outcomeCode || '9999'
    return { status: 'refused', messages: messages.length ? messages : [problem(code, fvgMessage(code))] }
  }

  /** NREs the SAR holds for the titolare: one NRE, or a compilation window of one kind (spec §6.5). */
  async usedNre(ctx: DoctorContext, query: { nre: string } | { from: string; to: string; kind: 'F' | 'P' }): Promise<UsedNreRecord[]> {
    const values: Record<string, string> = {
      pinCode: '',
      codRegione: ctx.regionCode,
      cfMedico: ctx.fiscalCode.toUpperCase(),
      // tipoPrescr is optional in the regional schema [P]; always sent, as the SAC requires it (1153).
      ...('nre' in query ? { nre: query.nre } : { tipoPrescr: query.kind, dataCompilazioneRicettaDal: query.from, dataCompilazioneRicettaAl: query.to }),
    }
    const answer = await this.#read('interrogaNre', buildSimpleRequest(this.dialect, 'interrogaNre', values), ctx, readUsedNreAnswer)
    this.#stopOnCredentials(answer)
    if (!ACCEPTED.has(answer.outcomeCode)) {
      const first = answer.errors[0]
      throw new FvgRefused(first ? fvgMessage(first.code, first.text) : fvgMessage(answer.outcomeCode || '9999'), first?.code ?? answer.outcomeCode)
    }
    return answer.records
  }

  /**
   * Spec §8: the doctor's used NREs in dataCompilazione ± 2 min; a record with the same
   * dataCompilazione whose read-back has our patient's name and our items is ours.
   */
  async reconcile(p: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome | null> {
    const records = await this.usedNre(ctx, reconcileQuery(p))
    const adopted = await adoptOwnCopy(p, ctx, records, (nre) => this.viewDetails(nre, ctx))
    // Found it, or looked and found nothing: either way the next send may go.
    this.#uncertain.delete(p.localId)
    return adopted
  }

  /** "Prova credenziali": today's used NREs, a query that changes nothing. */
  async testCredentials(ctx: DoctorContext): Promise<CredentialsCheckOutcome> {
    const today = DateTime.now().setZone('Europe/Rome').toFormat('yyyy-MM-dd')
    try {
      const records = await this.usedNre(ctx, { kind: 'F', from: `${today} 00:00:00`, to: `${today} 23:59:59` })
      return {
        ok: true,
        message: `Collegamento al ${NAME} riuscito: carta del medico e prodotto riconosciuti (${records.length} ricette farmaceutiche registrate oggi).`,
        messages: [],
      }
    } catch (error) {
      if (error instanceof FvgAuthError || error instanceof FvgRefused || error instanceof FvgNotConfigured) {
        return { ok: false, message: error.message, messages: error instanceof FvgRefused ? [problem(error.code, error.message)] : [] }
      }
      throw error
    }
  }

  /**
   * The regional substitute-position check (GestoreAutorizzazioni): may this substitute prescribe
   * for the titolare now? Called with the substitute's card.
   */
  async checkSubstitute(ctx: DoctorContext): Promise<SubstituteCheck> {
    const substitute = (ctx.substituteFiscalCode ?? '').toUpperCase()
    if (!substitute) return { enabled: false, message: 'Nessun medico sostituto indicato.', messages: [] }
    const body = {
      [`@_tip:prodottoCme`]: this.client.config.product.code,
      'sos:pinCode': '',
      'sos:cfMedicoTitolare': ctx.fiscalCode.toUpperCase(),
      'sos:cfMedicoSostituto': substitute,
      'sos:codASLAo': ctx.aslCode,
    }
    const envelope = soapEnvelope(`sos:${SUBSTITUTE_REQUEST_ROOT}`, body, { sos: FVG_SUBSTITUTE_NS.request, tip: FVG_TYPES_NS })
    return this.#read('sostituto', envelope, ctx, (xml) => {
      const node = answerBody(xml, SUBSTITUTE_RESPONSE_ROOT)
      const messages = commonAnswer(node, 'codEsito').errors.map(toMessage)
      const enabled = ['true', '1'].includes(text(node, 'isAbilitato').toLowerCase())
      const message = enabled
        ? `Il medico ${substitute} risulta abilitato a sostituire ${ctx.fiscalCode.toUpperCase()}.`
        : messages[0]?.text || `Il medico ${substitute} non risulta abilitato a sostituire ${ctx.fiscalCode.toUpperCase()}.`
      return { enabled, message, messages }
    })
  }

  classify(error: unknown) {
    if (error instanceof FvgTransportError) return 'transport' as const
    if (error instanceof FvgAuthError) return 'auth' as const
    if (error instanceof FvgSchemaError) return 'schema' as const
    if (error instanceof FvgRefused || error instanceof DowngradeFault) return 'rejected' as const
    return 'unknown' as const
  }

  close() {
    this.#client?.close()
  }
}

/** A SOAP Fault carrying a downgrade code: an answer, not a failure. */
class DowngradeFault extends Error {
  constructor(
    readonly code: string,
    readonly text: string
  ) {
    super(text)
  }
}

function faultError(fault: SacSoapFault): Error {
  const downgrade = downgradeCodeIn(fault.faultString)
  if (downgrade) return new DowngradeFault(downgrade, fault.faultString)
  if (/cvc-|unmarshall|schema/i.test(fault.faultString)) return new FvgSchemaError(`Richiesta non conforme allo schema del ${NAME}: ${fault.faultString}`)
  const client = /client/i.test(fault.faultCode)
  if (client && /certificat|carta|accreditat|user-agent|prodott|autenticazion|credenzial|autorizzat/i.test(fault.faultString)) {
    return new FvgAuthError(`Il ${NAME} ha rifiutato la richiesta: ${fault.faultString}`)
  }
  if (client) return new FvgSchemaError(`Il ${NAME} ha rifiutato la richiesta: ${fault.faultString}`)
  return new FvgTransportError(`Errore del ${NAME}: ${fault.faultString}. Esito incerto.`, true, 500)
}

function downgraded(code: string): SendOutcome {
  return { status: 'rejected', fallbackToRed: true, messages: [problem(code, downgradeMessage(code))] }
}
