/*
| Reading the answers of the SAC message set (spec §6.2–6.5) by local name, whatever the
| namespaces: outcome code, errors with item index and severity, communications, and the fields
| of each answer. A SOAP Fault is thrown as `SacSoapFault`; the caller decides what it means.
*/
import { ITEM_LIST_TAG, ITEM_TAG, ITEM_TAGS, OUTCOME_TAGS, RESPONSE_ROOTS, SEND_HEADER_TAGS, type SacOperation } from './protocol.js'
import { list, parseXml, soapBody, text, type XmlNode } from './xml.js'

export class SacSoapFault extends Error {
  constructor(
    readonly faultCode: string,
    readonly faultString: string
  ) {
    super(`${faultCode}: ${faultString}`)
  }
}

/** The body is not the answer of the operation (or no body at all). */
export class SacUnexpectedAnswer extends Error {}

export interface RawError {
  code: string
  text: string
  itemIndex: number | null
  severity: 'blocking' | 'warning'
}

export interface RawCommunication {
  code: string
  message: string
}

export interface SacAnswer {
  outcomeCode: string
  errors: RawError[]
  communications: RawCommunication[]
}

/** Spec §6.2: `E|C|Bloccante|Errore` blocking, `W|Avviso|Non bloccante` warning, unknown blocking. */
export function severityOf(value: string): 'blocking' | 'warning' {
  const v = value.trim().toLowerCase()
  return ['w', 'avviso', 'non bloccante'].includes(v) ? 'warning' : 'blocking'
}

/** The body element of an answer to `operation`; a Fault is thrown. XML errors propagate as XmlSyntaxError. */
export function answerBody(xml: string, root: string): XmlNode {
  const body = soapBody(parseXml(xml))
  if (!body) throw new SacUnexpectedAnswer('Risposta senza SOAP Body.')
  if (body.name === 'Fault') throw new SacSoapFault(text(body.node, 'faultcode'), text(body.node, 'faultstring'))
  if (body.name !== root) throw new SacUnexpectedAnswer(`Risposta inattesa: ${body.name} invece di ${root}.`)
  return body.node
}

export function commonAnswer(node: XmlNode, outcomeTag: string): SacAnswer {
  // Some regional answers call the container ElencoErrori: read both.
  const raw = [...list(node, 'ElencoErroriRicette', 'ErroreRicetta'), ...list(node, 'ElencoErrori', 'ErroreRicetta')]
  const errors = raw.map((e) => {
    const index = Number.parseInt(text(e, 'progPresc'), 10)
    return {
      code: text(e, 'codEsito'),
      text: text(e, 'esito'),
      itemIndex: Number.isFinite(index) && index > 0 ? index : null,
      severity: severityOf(text(e, 'tipoErrore')),
    }
  })
  const communications = list(node, 'ElencoComunicazioni', 'Comunicazione').map((c) => ({ code: text(c, 'codice'), message: text(c, 'messaggio') }))
  return { outcomeCode: text(node, outcomeTag), errors, communications }
}

const answerOf = (xml: string, operation: SacOperation) => {
  const node = answerBody(xml, RESPONSE_ROOTS[operation])
  return { node, common: commonAnswer(node, OUTCOME_TAGS[operation]) }
}

export interface SendAnswer extends SacAnswer {
  nre: string
  authCode: string
  insertedAt: string
  promemoriaPdf: string | null
}

export function readSendAnswer(xml: string): SendAnswer {
  const { node, common } = answerOf(xml, 'invio')
  return {
    ...common,
    nre: text(node, 'nre'),
    authCode: text(node, 'codAutenticazione'),
    insertedAt: text(node, 'dataInserimento'),
    promemoriaPdf: text(node, 'pdfPromemoria') || null,
  }
}

export interface ViewAnswer extends SacAnswer {
  nre: string
  remoteStatus: string
  authCode: string
  insertedAt: string
  header: Record<string, string>
  items: Array<Record<string, string>>
}

export function readViewAnswer(xml: string): ViewAnswer {
  const { node, common } = answerOf(xml, 'visualizza')
  const header: Record<string, string> = {}
  for (const tag of SEND_HEADER_TAGS) header[tag] = text(node, tag)
  const items = list(node, ITEM_LIST_TAG, ITEM_TAG).map((i) => {
    const item: Record<string, string> = {}
    for (const tag of ITEM_TAGS) item[tag] = text(i, tag)
    return item
  })
  return {
    ...common,
    nre: text(node, 'nre'),
    remoteStatus: text(node, 'statoProcesso'),
    authCode: text(node, 'codAutenticazione'),
    insertedAt: text(node, 'dataInserimento'),
    header,
    items,
  }
}

export interface CancelAnswer extends SacAnswer {
  nre: string
}

export function readCancelAnswer(xml: string): CancelAnswer {
  const { node, common } = answerOf(xml, 'annulla')
  return { ...common, nre: text(node, 'nre') }
}

export interface UsedNreRecord {
  nre: string
  cfMedico: string
  tipoPrescrizione: string
  dataCompilazioneRicetta: string
  provenienza: string
  lotto: string
  codAutenticazione: string
}

export interface UsedNreAnswer extends SacAnswer {
  records: UsedNreRecord[]
}

export function readUsedNreAnswer(xml: string): UsedNreAnswer {
  const { node, common } = answerOf(xml, 'interrogaNre')
  const holder = node.ElencoNreUtilRecord as XmlNode | undefined
  // Lenient (spec §6.5): whatever the record element is called, take its children.
  const raw = holder && typeof holder === 'object' ? Object.values(holder).flatMap((v) => (Array.isArray(v) ? v : [v])) : []
  const records = (raw.filter((r) => r && typeof r === 'object') as XmlNode[]).map((r) => ({
    nre: text(r, 'nre'),
    cfMedico: text(r, 'cfMedico'),
    tipoPrescrizione: text(r, 'tipoPrescrizione'),
    // Some services answer with a `T` between date and time: compare on the 19-char form.
    dataCompilazioneRicetta: text(r, 'dataCompilazioneRicetta').replace('T', ' ').slice(0, 19),
    provenienza: text(r, 'provenienza'),
    lotto: text(r, 'lotto'),
    codAutenticazione: text(r, 'codAutenticazione'),
  }))
  return { ...common, records }
}
