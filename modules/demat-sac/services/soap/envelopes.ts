/*
| Request envelopes of the SAC prescriber services. Every header tag is present, empty when not
| valued, in the XSD order; the foreign block goes only when used (spec §3.1, §6.2).
*/
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'
import { envelope, type XmlNode } from './xml.js'
import { FOREIGN_TAGS, ITEM_TAGS, NS_TIPI, OPERATIONS, SEND_HEADER_TAGS, USED_NRE_TAGS } from './protocol.js'

type Fields = Record<string, string>

const flag = (value: boolean | undefined | null) => (value ? '1' : '')
const str = (value: string | null | undefined) => (value ?? '').trim()

/** Header and item values of demInvioPrescritto, pincode and patient CF already encrypted. */
export function sendFields(p: PrescriptionToSend, ctx: DoctorContext, encrypted: { pinCode: string; codiceAss: string }) {
  const province = str(p.patient.province).toUpperCase()
  const asl = str(p.patient.asl)
  // provAssistito and aslAssistito go together or not at all (spec §3.1).
  const residence = province && asl ? { province, asl } : { province: '', asl: '' }
  const header: Fields = {
    pinCode: encrypted.pinCode,
    cfMedico1: ctx.fiscalCode.toUpperCase(),
    cfMedico2: str(ctx.substituteFiscalCode).toUpperCase(),
    codRegione: ctx.regionCode,
    codASLAo: ctx.aslCode,
    codStruttura: str(ctx.structureCode),
    codSpecializzazione: ctx.specializationCode,
    testata1: '',
    testata2: '',
    nre: str(p.nre),
    tipoRic: str(p.tipoRic),
    codiceAss: encrypted.codiceAss,
    cognNome: `${str(p.patient.lastName)} ${str(p.patient.firstName)}`.trim().toUpperCase(),
    indirizzo: str(p.patient.address),
    oscuramDati: flag(p.obscured),
    numTessSasn: '',
    socNavigaz: '',
    tipoPrescrizione: p.kind,
    ricettaInterna: '',
    codEsenzione: str(p.exemptionCode),
    nonEsente: flag(p.notExempt),
    reddito: flag(p.incomeExempt),
    codDiagnosi: str(p.diagnosisCode),
    descrizioneDiagnosi: str(p.diagnosisText),
    dataCompilazione: p.compiledAt,
    tipoVisita: p.visitType,
    dispReg: '',
    provAssistito: residence.province,
    aslAssistito: residence.asl,
    indicazionePrescr: str(p.indication),
    altro: '',
    classePriorita: str(p.priority),
  }
  const items: Fields[] = p.items.map((item) => ({
    codProdPrest: str(item.code),
    descrProdPrest: str(item.description),
    codGruppoEquival: str(item.equivalenceGroup?.code),
    descrGruppoEquival: str(item.equivalenceGroup?.description),
    testoLibero: '',
    descrTestoLiberoNote: str(item.notes),
    nonSost: flag(item.notSubstitutable),
    motivazNote: '',
    codMotivazione: item.notSubstitutable ? str(item.notSubstitutableReason) : '',
    notaProd: str(item.aifaNote),
    quantita: String(item.quantity),
    prescrizione1: '',
    prescrizione2: '',
    codCatalogoPrescr: str(item.catalogueCode),
    tipoAccesso: str(item.accessType),
    numeroNota: '',
    condErogabilita: '',
    approprPrescrittiva: '',
    patologia: '',
    numsedute: '',
  }))
  return { header, items }
}

function ordered(prefix: string, tags: readonly string[], values: Fields): XmlNode {
  const node: XmlNode = {}
  for (const tag of tags) node[`${prefix}:${tag}`] = values[tag] ?? ''
  return node
}

export function sendEnvelope(fields: { header: Fields; items: Fields[]; foreign?: Fields | null }): string {
  const op = OPERATIONS.invio
  const body = ordered(op.prefix, SEND_HEADER_TAGS, fields.header)
  if (fields.foreign && Object.values(fields.foreign).some(Boolean)) Object.assign(body, ordered(op.prefix, FOREIGN_TAGS, fields.foreign))
  body[`${op.prefix}:ElencoDettagliPrescrizioni`] = { 'tip:DettaglioPrescrizione': fields.items.map((item) => ordered('tip', ITEM_TAGS, item)) }
  return envelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs, tip: NS_TIPI })
}

function simple(operation: 'visualizza' | 'annulla', values: { pinCode: string; nre: string; cfMedico: string }) {
  const op = OPERATIONS[operation]
  const body = ordered(op.prefix, ['pinCode', 'nre', 'cfMedico'], values)
  return envelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs })
}

export function viewEnvelope(values: { pinCode: string; nre: string; cfMedico: string }) {
  return simple('visualizza', values)
}

export function cancelEnvelope(values: { pinCode: string; nre: string; cfMedico: string }) {
  return simple('annulla', values)
}

export interface UsedNreQuery {
  pinCode: string
  codRegione: string
  cfMedico: string
  nre?: string
  codLotto?: string
  cfAssistito?: string
  tipoPrescr?: 'F' | 'P' | ''
  dataCompilazioneRicettaDal?: string
  dataCompilazioneRicettaAl?: string
}

export function usedNreEnvelope(query: UsedNreQuery) {
  const op = OPERATIONS.interrogaNre
  const body = ordered(op.prefix, USED_NRE_TAGS, query as unknown as Fields)
  return envelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs })
}
