/*
| The DPCM 26/03/2008 transmission of a red prescription (Sistema TS DPCM specification): the
| data goes as a RicetteMIR XML file, zipped and attached to an `inputBean` SOAP call; the answer
| is a receipt with the protocol. The MEF checks the file later: the "elenco analitico" service
| gives the outcome of those checks by protocol.
*/
import type { RedPrescriptionToSend, ServiceMessage } from '#services/demat/region_plugin'
import { buildXml, soapEnvelope, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacMessage } from '../error_messages.js'
import { DPCM_RECEIVED, DPCM_UPLOAD_TAGS, DPCM_VERDICT_TAGS, MIR_HEADER_TAGS, MIR_ITEM_TAGS, MIR_RICETTA_TAGS, MIR_SEND_KIND, OPERATIONS } from './protocol.js'
import { readAnswer, type SacAnswer } from './responses.js'
import { findAll } from './white_responses.js'

type Fields = Record<string, string>

const str = (value: string | null | undefined) => (value ?? '').trim()
const flag = (value: boolean | null | undefined) => (value ? '1' : '')

/** The RicetteMIR values of one red prescription, pincode and patient CF already encrypted. */
export function redFields(data: RedPrescriptionToSend, encrypted: { pinCode: string; codiceAss: string }) {
  const province = str(data.patient.province).toUpperCase()
  const asl = str(data.patient.asl)
  const residence = province && asl ? { province, asl } : { province: '', asl: '' }
  const header: Fields = { PinCode: encrypted.pinCode, TipoInvio: MIR_SEND_KIND, Testata1: '', Testata2: '' }
  const ricetta: Fields = {
    Bar1: data.bar1,
    Bar2: data.bar2,
    Altro: '',
    NoteInvio: '',
    CodiceAss: encrypted.codiceAss,
    TipoPrescrizione: data.kind,
    CodEsenzione: str(data.exemptionCode),
    NonEsente: flag(data.notExempt),
    Reddito: flag(data.incomeExempt),
    CodiceDiagnosi: str(data.diagnosisCode),
    DescrizioneDiagnosi: str(data.diagnosisText),
    TotPezzi: String(data.items.reduce((sum, item) => sum + item.quantity, 0)),
    TipoRic: str(data.tipoRic),
    // The pad carries the date only.
    DataCompilazione: data.compiledAt.slice(0, 10),
    TipoVisita: data.visitType,
    DispReg: '',
    ProvAssistito: residence.province,
    AslAssistito: residence.asl,
    IndicazionePrescr: str(data.indication),
    ClassePriorita: str(data.priority),
    StatoEstero: '',
    IstituzCompetente: '',
    NumIdentPers: '',
    NumIdentTess: '',
    DataNascitaEstero: '',
    DataScadTessera: '',
    Ricetta1: '',
    Ricetta2: '',
  }
  const items: Fields[] = data.items.map((item) => ({
    CodProdPrest: str(item.code),
    // By active ingredient the pad shows the equivalence group's description.
    DescrProdPrest: str(item.description) || str(item.equivalenceGroup?.description),
    NotaProd: str(item.aifaNote),
    Quantita: String(item.quantity),
    Prescrizione1: '',
    Prescrizione2: '',
  }))
  return { header, ricetta, items }
}

function ordered(tags: readonly string[], values: Fields): XmlNode {
  const node: XmlNode = {}
  for (const tag of tags) node[tag] = values[tag] ?? ''
  return node
}

/** The RicetteMIR file: every tag written, empty when not valued, in the schema's order. */
export function ricetteMirXml(fields: { header: Fields; ricetta: Fields; items: Fields[] }): string {
  const ricetta = ordered(MIR_RICETTA_TAGS, fields.ricetta)
  ricetta.Prescrizione = fields.items.map((item) => ordered(MIR_ITEM_TAGS, item))
  return buildXml({ RicetteMIR: { Testata: ordered(MIR_HEADER_TAGS, fields.header), RicettaI: ricetta } })
}

/** The file's name: reception time and the sheet, so that a resend is recognisable in the MEF's lists. */
export function redFileName(data: Pick<RedPrescriptionToSend, 'bar1' | 'bar2'>, now = new Date()) {
  const stamp = now.toISOString().replace(/[-:TZ.]/g, '').slice(0, 17)
  return `${stamp}-${data.bar1}${data.bar2}`
}

/** The SOAP part of the upload: the attachment's name, the three `telematico` fields empty. */
export function dpcmUploadEnvelope(fileName: string) {
  const op = OPERATIONS.dpcmInvio
  const values: Fields = { nomeFileAllegato: fileName }
  // Unqualified children, as the published binding has them.
  const body: XmlNode = {}
  for (const tag of DPCM_UPLOAD_TAGS) body[tag] = values[tag] ?? ''
  return soapEnvelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs })
}

/** The verdict query by protocol (or by reception dates, `YYYY-MM-DD`). */
export function dpcmVerdictEnvelope(values: { pinCodeIn: string; protocolloSac?: string; dataIniRange?: string; dataFineRange?: string }) {
  const op = OPERATIONS.dpcmEsiti
  const dto: XmlNode = {}
  for (const tag of DPCM_VERDICT_TAGS) {
    const value = (values as Fields)[tag] ?? ''
    if (value || tag === 'pinCodeIn') dto[`dto:${tag}`] = value
  }
  return soapEnvelope(`${op.prefix}:${op.requestRoot}`, { [`${op.prefix}:elencoAnaliticoEsitoRicetteDTO`]: dto }, { [op.prefix]: op.requestNs, dto: op.typesNs! })
}

export interface DpcmReceipt extends SacAnswer {
  protocol: string
  receivedAt: string
  fileName: string
  description: string
}

export function parseDpcmReceipt(xml: string): DpcmReceipt {
  const node = readAnswer(xml, 'dpcmInvio')
  const outcomeCode = text(node, 'codiceEsito')
  const description = text(node, 'descrizioneEsito')
  const messages: ServiceMessage[] =
    outcomeCode === DPCM_RECEIVED ? [] : [{ code: outcomeCode || 'DPCM', text: description || 'File rifiutato dal servizio.', itemIndex: null, severity: 'blocking' }]
  return {
    outcomeCode,
    messages,
    communications: [],
    protocol: text(node, 'protocolloSAC'),
    receivedAt: text(node, 'dataAccoglienza'),
    fileName: text(node, 'nomeFileAllegato'),
    description,
  }
}

export interface DpcmVerdictRecord {
  /** Bar1 + Bar2 of the sheet. */
  code: string
  receivedAt: string
  protocol: string
  errors: ServiceMessage[]
}

export interface DpcmVerdict extends SacAnswer {
  valid: boolean
  records: DpcmVerdictRecord[]
}

const objects = (value: unknown): XmlNode[] => (Array.isArray(value) ? value : [value]).filter((v) => v && typeof v === 'object') as XmlNode[]

export function parseDpcmVerdict(xml: string): DpcmVerdict {
  const node = readAnswer(xml, 'dpcmEsiti')
  const answer = findAll(node, 'visualizzaElencoStatoRicetteReturn')[0] ?? node
  const valid = text(answer, 'isOperazioneValida').toLowerCase() === 'true'
  const messages: ServiceMessage[] = findAll(answer, 'messageObj').map((m) => {
    const code = text(m, 'codiceMessaggio')
    return { code, text: sacMessage(code, text(m, 'descrizioneMessaggio')), itemIndex: null, severity: 'blocking' }
  })
  const records = findAll(answer, 'elencoEsitoRicetteRecord').map((r) => {
    // `errori` is both the list and its items: take the ones that carry a code.
    const errors = findAll(r, 'errori')
      .flatMap((e) => (text(e, 'codice') || text(e, 'descrizione') ? [e] : Object.values(e).flatMap(objects)))
      .map((e): ServiceMessage => {
        const code = text(e, 'codice')
        return { code, text: sacMessage(code, text(e, 'descrizione')), itemIndex: null, severity: 'blocking' }
      })
    return { code: text(r, 'codRicetta'), receivedAt: text(r, 'dataAccoglienza'), protocol: text(r, 'protocolloSac'), errors }
  })
  return { outcomeCode: valid ? 'true' : 'false', valid, messages, communications: [], records }
}
