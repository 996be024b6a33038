/*
| Reading the SAC answers (spec §6.2–6.5): outcome code, NRE, authentication code, errors with
| their item index and severity, communications (0197 is the regional sentence for the
| promemoria), statoProcesso. A SOAP Fault becomes the matching error.
*/
import type { ServiceMessage } from '#services/demat/region_plugin'
import { sacMessage } from '../error_messages.js'
import { SacAuthError, SacSchemaError, SacTransportError } from './errors.js'
import { OPERATIONS, ITEM_TAGS, SEND_HEADER_TAGS, type SacOperation } from './protocol.js'
import { list, parseXml, soapBody, text, XmlSyntaxError, type XmlNode } from './xml.js'

export interface SacCommunication {
  code: string
  message: string
}

export interface SacAnswer {
  outcomeCode: string
  messages: ServiceMessage[]
  communications: SacCommunication[]
}

/** Spec §6.2: `E|C|Bloccante|Errore` blocking, `W|Avviso|Non bloccante` warning, unknown blocking. */
export function severityOf(value: string): 'blocking' | 'warning' {
  const v = value.trim().toLowerCase()
  return ['w', 'avviso', 'non bloccante'].includes(v) ? 'warning' : 'blocking'
}

export class SoapFault extends Error {
  constructor(
    readonly faultCode: string,
    readonly faultString: string
  ) {
    super(`${faultCode}: ${faultString}`)
  }
}

/** The fault as the error the plugin raises. */
export function faultToError(fault: SoapFault, httpStatus: number | null) {
  if (/credenziali/i.test(fault.faultString)) return new SacAuthError('Credenziali del Sistema TS rifiutate dal servizio (utente o password).')
  if (/cvc-/i.test(fault.faultString)) return new SacSchemaError(`Richiesta non conforme allo schema del servizio: ${fault.faultString}`)
  return new SacTransportError(`Errore del servizio: ${fault.faultString}`, true, httpStatus)
}

/** The body of an answer to `operation`; a SOAP Fault is thrown as SoapFault. */
export function readAnswer(xml: string, operation: SacOperation): XmlNode {
  let doc: XmlNode
  try {
    doc = parseXml(xml)
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new SacTransportError(error.message, true)
    throw error
  }
  const body = soapBody(doc)
  if (!body) throw new SacTransportError('Risposta senza SOAP Body.', true)
  if (body.name === 'Fault') throw new SoapFault(text(body.node, 'faultcode'), text(body.node, 'faultstring'))
  if (body.name !== OPERATIONS[operation].responseRoot) {
    throw new SacTransportError(`Risposta inattesa: ${body.name} invece di ${OPERATIONS[operation].responseRoot}.`, true)
  }
  return body.node
}

function common(node: XmlNode, outcomeTag: string): SacAnswer {
  const messages: ServiceMessage[] = list(node, 'ElencoErroriRicette', 'ErroreRicetta').map((e) => {
    const code = text(e, 'codEsito')
    const index = Number.parseInt(text(e, 'progPresc'), 10)
    return {
      code,
      text: sacMessage(code, text(e, 'esito')),
      itemIndex: Number.isFinite(index) && index > 0 ? index : null,
      severity: severityOf(text(e, 'tipoErrore')),
    }
  })
  const communications = list(node, 'ElencoComunicazioni', 'Comunicazione').map((c) => ({ code: text(c, 'codice'), message: text(c, 'messaggio') }))
  return { outcomeCode: text(node, outcomeTag), messages, communications }
}

export interface SendAnswer extends SacAnswer {
  nre: string
  authCode: string
  insertedAt: string
  promemoriaPdf: string | null
  regionalMessage: string | null
}

export function parseSendAnswer(xml: string): SendAnswer {
  const node = readAnswer(xml, 'invio')
  const base = common(node, OPERATIONS.invio.outcomeTag)
  return {
    ...base,
    nre: text(node, 'nre'),
    authCode: text(node, 'codAutenticazione'),
    insertedAt: text(node, 'dataInserimento'),
    promemoriaPdf: text(node, 'pdfPromemoria') || null,
    regionalMessage: base.communications.find((c) => c.code === '0197')?.message || null,
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

export function parseViewAnswer(xml: string): ViewAnswer {
  const node = readAnswer(xml, 'visualizza')
  const header: Record<string, string> = {}
  for (const tag of SEND_HEADER_TAGS) header[tag] = text(node, tag)
  const items = list(node, 'ElencoDettagliPrescrizioni', 'DettaglioPrescrizione').map((i) => {
    const item: Record<string, string> = {}
    for (const tag of ITEM_TAGS) item[tag] = text(i, tag)
    return item
  })
  return {
    ...common(node, OPERATIONS.visualizza.outcomeTag),
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

export function parseCancelAnswer(xml: string): CancelAnswer {
  const node = readAnswer(xml, 'annulla')
  return { ...common(node, OPERATIONS.annulla.outcomeTag), nre: text(node, 'nre') }
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

export function parseUsedNreAnswer(xml: string): UsedNreAnswer {
  const node = readAnswer(xml, 'interrogaNre')
  const holder = node.ElencoNreUtilRecord as XmlNode | undefined
  // Lenient (spec §6.5): whatever the record element is called, take its children.
  const raw = holder && typeof holder === 'object' ? Object.values(holder).flatMap((v) => (Array.isArray(v) ? v : [v])) : []
  const records = (raw.filter((r) => r && typeof r === 'object') as XmlNode[]).map((r) => ({
    nre: text(r, 'nre'),
    cfMedico: text(r, 'cfMedico'),
    tipoPrescrizione: text(r, 'tipoPrescrizione'),
    dataCompilazioneRicetta: text(r, 'dataCompilazioneRicetta'),
    provenienza: text(r, 'provenienza'),
    lotto: text(r, 'lotto'),
    codAutenticazione: text(r, 'codAutenticazione'),
  }))
  return { ...common(node, OPERATIONS.interrogaNre.outcomeTag), records }
}
