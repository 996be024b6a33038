/*
| The JSON bodies of the Umbria SAR prescriber services. Field names and order mirror the SAC
| tags (spec §3, §6.2), as the SAR's public OpenAPI does: all values are strings, an empty
| field travels as null (as in the SAR's own request collection).
*/
import type {
  CancelOutcome,
  DoctorContext,
  PrescriptionToSend,
  RedPrescriptionToSend,
  RedSendOutcome,
  SendOutcome,
  ServiceMessage,
  ViewOutcome,
} from '#services/demat/region_plugin'

export const PATHS = {
  lot: '/v1/servizi-prescrittore/richiesta-lotto-nre',
  send: '/v1/servizi-prescrittore/dem-invio-prescritto',
  view: '/v1/servizi-prescrittore/dem-visualizza-prescritto',
  cancel: '/v1/servizi-prescrittore/dem-annulla-prescritto',
  usedNre: '/v1/servizi-prescrittore/dem-nre-utilizzati',
  // Red (DPCM) prescriptions: the same request bodies as the demat services, keyed by the sheet's code.
  redSend: '/v1/servizi-prescrittore/dpcm-invio-prescritto',
  redView: '/v1/servizi-prescrittore/dpcm-visualizza-prescritto',
  redCancel: '/v1/servizi-prescrittore/dpcm-annulla-prescritto',
} as const

export const HEADER_TAGS = [
  'pinCode', 'cfMedico1', 'cfMedico2', 'codRegione', 'codASLAo', 'codStruttura', 'codSpecializzazione', 'testata1', 'testata2',
  'nre', 'tipoRic', 'codiceAss', 'cognNome', 'indirizzo', 'oscuramDati', 'numTessSasn', 'socNavigaz', 'tipoPrescrizione',
  'ricettaInterna', 'codEsenzione', 'nonEsente', 'reddito', 'codDiagnosi', 'descrizioneDiagnosi', 'dataCompilazione', 'tipoVisita',
  'dispReg', 'provAssistito', 'aslAssistito', 'indicazionePrescr', 'altro', 'classePriorita',
] as const

export const ITEM_TAGS = [
  'codProdPrest', 'descrProdPrest', 'codGruppoEquival', 'descrGruppoEquival', 'testoLibero', 'descrTestoLiberoNote', 'nonSost',
  'motivazNote', 'codMotivazione', 'notaProd', 'quantita', 'prescrizione1', 'prescrizione2', 'codCatalogoPrescr', 'tipoAccesso',
  'numeroNota', 'condErogabilita', 'approprPrescrittiva', 'patologia', 'numsedute',
] as const

type Wire = Record<string, string | null>

const s = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? null : String(value))
const flag = (value: boolean | undefined) => (value ? '1' : null)

export interface InvioPrescrittoRichiesta extends Wire {}

export function invioPrescritto(p: PrescriptionToSend, ctx: DoctorContext, nre: string) {
  const values: Record<(typeof HEADER_TAGS)[number], string | null> = {
    // The SAR authenticates the doctor with the signed tokens: the pincode field stays empty.
    pinCode: '',
    cfMedico1: ctx.fiscalCode,
    cfMedico2: s(ctx.substituteFiscalCode),
    codRegione: ctx.regionCode,
    codASLAo: ctx.aslCode,
    codStruttura: s(ctx.structureCode),
    codSpecializzazione: ctx.specializationCode,
    testata1: null,
    testata2: null,
    nre,
    tipoRic: s(p.tipoRic),
    // Spec §7.1: Umbria takes the patient's CF in clear (no SanitelCF encryption).
    codiceAss: p.patient.fiscalCode,
    cognNome: `${p.patient.lastName} ${p.patient.firstName}`.trim().toUpperCase(),
    indirizzo: s(p.patient.address),
    oscuramDati: flag(p.obscured),
    numTessSasn: null,
    socNavigaz: null,
    tipoPrescrizione: p.kind,
    ricettaInterna: null,
    codEsenzione: s(p.exemptionCode),
    nonEsente: flag(p.notExempt),
    reddito: flag(p.incomeExempt),
    codDiagnosi: s(p.diagnosisCode),
    descrizioneDiagnosi: s(p.diagnosisText),
    dataCompilazione: p.compiledAt,
    tipoVisita: p.visitType,
    dispReg: null,
    provAssistito: s(p.patient.province),
    aslAssistito: s(p.patient.asl),
    indicazionePrescr: s(p.indication),
    altro: null,
    classePriorita: s(p.priority),
  }
  const body: Record<string, unknown> = {}
  for (const tag of HEADER_TAGS) body[tag] = values[tag]
  body.elencoDettagliPrescrizioni = {
    dettaglioPrescrizione: p.items.map((item) => {
      const v: Record<(typeof ITEM_TAGS)[number], string | null> = {
        codProdPrest: s(item.code),
        descrProdPrest: s(item.description),
        codGruppoEquival: s(item.equivalenceGroup?.code),
        descrGruppoEquival: s(item.equivalenceGroup?.description),
        testoLibero: null,
        descrTestoLiberoNote: s(item.notes),
        nonSost: flag(item.notSubstitutable),
        motivazNote: null,
        codMotivazione: s(item.notSubstitutableReason),
        notaProd: s(item.aifaNote),
        quantita: String(item.quantity),
        prescrizione1: null,
        prescrizione2: null,
        codCatalogoPrescr: s(item.catalogueCode),
        tipoAccesso: s(item.accessType),
        numeroNota: null,
        condErogabilita: null,
        approprPrescrittiva: null,
        patologia: null,
        numsedute: null,
      }
      const out: Record<string, string | null> = {}
      for (const tag of ITEM_TAGS) out[tag] = v[tag]
      return out
    }),
  }
  return body
}

export function visualizzaPrescritto(nre: string, ctx: DoctorContext) {
  return { pinCode: '', nre, cfMedico: ctx.substituteFiscalCode || ctx.fiscalCode }
}

export function annullaPrescritto(nre: string, ctx: DoctorContext) {
  return { pinCode: '', nre, cfMedico: ctx.substituteFiscalCode || ctx.fiscalCode }
}

/**
 * The SAR's DPCM send takes the demat request body as is (it has no Bar1/Bar2 fields): the
 * sheet's code, Bar1 + Bar2 (15 digits, spec §4.5), travels where the NRE goes.
 */
export function dpcmInvioPrescritto(data: RedPrescriptionToSend, ctx: DoctorContext) {
  return invioPrescritto({ ...data, nre: null }, ctx, redCode(data))
}

export const redCode = (data: { bar1: string; bar2: string }) => `${data.bar1}${data.bar2}`

export const RED_CODE_PATTERN = /^[0-9]{15}$/

export interface UsedNreRange {
  /** `YYYY-MM-DD HH:mm:ss`, both bounds (spec §6.5). */
  from: string
  to: string
  kind: 'F' | 'P'
}

/** Spec §6.5: a date range needs tipoPrescr as well; the other filters travel empty. */
export function interrogaNreUtilizzati(ctx: DoctorContext, range: UsedNreRange) {
  return {
    pinCode: '',
    codRegione: ctx.regionCode,
    nre: null,
    codLotto: null,
    cfMedico: ctx.substituteFiscalCode || ctx.fiscalCode,
    cfAssistito: null,
    tipoPrescr: range.kind,
    dataCompilazioneRicettaDal: range.from,
    dataCompilazioneRicettaAl: range.to,
  }
}

/** identificativoLotto 0 = lot of 100 numbers, 1 = lot of 1000 (spec §4.4). */
export function richiestaLotto(ctx: DoctorContext, identificativoLotto: '0' | '1') {
  return { codRegione: ctx.regionCode, identificativoLotto, cfmedico: ctx.fiscalCode }
}

// Spec §6.2: E|C|Bloccante|Errore → blocking, W|Avviso|Non bloccante → warning, unknown → blocking.
export function severity(tipoErrore: unknown): 'blocking' | 'warning' {
  const v = String(tipoErrore ?? '').trim().toLowerCase()
  return v === 'w' || v === 'avviso' || v === 'non bloccante' ? 'warning' : 'blocking'
}

export function messagesOf(body: any): ServiceMessage[] {
  const errors: any[] = body?.elencoErroriRicette?.erroreRicetta ?? []
  return errors.map((e) => ({
    code: String(e.codEsito ?? ''),
    text: String(e.esito ?? ''),
    itemIndex: e.progPresc !== undefined && e.progPresc !== null && String(e.progPresc) !== '0' ? Number(e.progPresc) : null,
    severity: severity(e.tipoErrore),
  }))
}

function communication(body: any, code: string): string | null {
  const list: any[] = body?.elencoComunicazioni?.comunicazione ?? []
  return list.find((c) => String(c.codice) === code)?.messaggio ?? null
}

export function sendOutcomeOf(body: any): SendOutcome {
  const code = String(body?.codEsitoInserimento ?? '')
  const messages = messagesOf(body)
  if (code === '0000' || code === '0001') {
    return {
      status: code === '0000' && !messages.length ? 'accepted' : 'accepted_with_warnings',
      nre: body.nre,
      authCode: body.codAutenticazione ?? undefined,
      insertedAt: body.dataInserimento ?? undefined,
      promemoriaPdf: body.pdfPromemoria ?? null,
      regionalMessage: communication(body, '0197'),
      messages,
    }
  }
  return { status: 'rejected', messages: messages.length ? messages : [{ code: code || '9999', text: 'Ricetta rifiutata dal SAR Umbria senza motivazione.', severity: 'blocking' }] }
}

export function viewOutcomeOf(body: any): ViewOutcome {
  const code = String(body?.codEsitoVisualizzazione ?? '')
  if (code === '0000' || code === '0001') {
    return { found: true, remoteStatus: body.statoProcesso ?? undefined, authCode: body.codAutenticazione ?? undefined, messages: messagesOf(body) }
  }
  return { found: false, messages: messagesOf(body) }
}

export function cancelOutcomeOf(body: any): CancelOutcome {
  const code = String(body?.codEsitoAnnullamento ?? '')
  return { status: code === '0000' || code === '0001' ? 'cancelled' : 'refused', messages: messagesOf(body) }
}

const succeeded = (code: string) => code === '0000' || code === '0001'

/**
 * The answer to a DPCM send. The OpenAPI gives it no schema: read as the demat receipt it
 * mirrors. The SAR keys a red transmission by the sheet's code, so that code is the protocol
 * (the key to read it back). Null: no outcome in the answer.
 */
export function redOutcomeOf(body: any, sentCode: string): RedSendOutcome | null {
  const code = String(body?.codEsitoInserimento ?? '')
  if (!/^[0-9]{4}$/.test(code)) return null
  const messages = messagesOf(body)
  const protocol = typeof body?.nre === 'string' && body.nre ? body.nre : sentCode
  if (succeeded(code)) return { status: code === '0000' && !messages.length ? 'accepted' : 'accepted_with_warnings', protocol, messages }
  return { status: 'rejected', protocol, messages: messages.length ? messages : [{ code, text: 'Ricetta rossa scartata dal SAR Umbria senza motivazione.', severity: 'blocking' }] }
}

/** Spec §4.4: NRE = lot prefix (12 or 13 chars) + progressive (3 or 2 digits). */
export function nreFromLot(prefix: string, progressive: number) {
  const digits = prefix.length === 12 ? 3 : 2
  return prefix + String(progressive).padStart(digits, '0')
}

export function lotSize(prefix: string) {
  return prefix.length === 12 ? 1000 : 100
}

export const NRE_PATTERN = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/
