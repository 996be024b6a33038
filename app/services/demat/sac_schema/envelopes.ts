/*
| Request envelopes of the SAC message set for any dialect (spec §6.2–6.5): tags in the XSD
| sequence, the items in the types namespace, the dialect's attributes on the root, and either
| every tag (empty when not valued, as the Sogei SAC wants) or only the valued ones.
*/
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'
import {
  FOREIGN_TAGS,
  ITEM_LIST_TAG,
  ITEM_TAG,
  ITEM_TAGS,
  REQUEST_ROOTS,
  SEND_HEADER_TAGS,
  prefixOf,
  requestTags,
  type SacDialect,
  type SacOperation,
} from './protocol.js'
import { soapEnvelope, type XmlNode } from './xml.js'

export type Fields = Record<string, string>

const flag = (value: boolean | undefined | null) => (value ? '1' : '')
const str = (value: string | null | undefined) => (value ?? '').trim()

export interface SendFields {
  header: Fields
  items: Fields[]
  foreign?: Fields | null
}

/** Header and item values of InvioPrescrittoRichiesta; pincode and patient code as the dialect wants them. */
export function sendFields(p: PrescriptionToSend, ctx: DoctorContext, secrets: { pinCode: string; codiceAss: string }): SendFields {
  const province = str(p.patient.province).toUpperCase()
  const asl = str(p.patient.asl)
  // provAssistito and aslAssistito go together or not at all (spec §3.1).
  const residence = province && asl ? { province, asl } : { province: '', asl: '' }
  const header: Fields = {
    pinCode: secrets.pinCode,
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
    codiceAss: secrets.codiceAss,
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

function ordered(prefix: string, tags: readonly string[], values: Fields, keep: (tag: string) => boolean): XmlNode {
  const node: XmlNode = {}
  for (const tag of tags) if (keep(tag)) node[`${prefix}:${tag}`] = values[tag] ?? ''
  return node
}

const TYPES_PREFIX = 'tip'

function keeper(dialect: SacDialect, values: Fields, required: readonly string[] = []) {
  return (tag: string) => dialect.emptyTags === 'all' || required.includes(tag) || Boolean(values[tag])
}

function rootAttributes(dialect: SacDialect, operation: SacOperation, extra: Record<string, string> = {}): XmlNode {
  const attrs: XmlNode = {}
  for (const [name, value] of Object.entries({ ...dialect.rootAttributes?.[operation], ...extra })) attrs[`@_${TYPES_PREFIX}:${name}`] = value
  return attrs
}

export interface SendOptions {
  /** Attributes (types namespace) on ElencoDettagliPrescrizioni, e.g. a regional catalogue version. */
  itemListAttributes?: Record<string, string>
}

export function buildSendRequest(dialect: SacDialect, fields: SendFields, options: SendOptions = {}): string {
  const op: SacOperation = 'invio'
  const prefix = prefixOf(dialect, op)
  const body: XmlNode = {
    ...rootAttributes(dialect, op),
    ...ordered(prefix, SEND_HEADER_TAGS, fields.header, keeper(dialect, fields.header, dialect.requiredTags?.invio)),
  }
  const foreign = fields.foreign
  if (foreign && Object.values(foreign).some(Boolean)) Object.assign(body, ordered(prefix, FOREIGN_TAGS, foreign, keeper(dialect, foreign, FOREIGN_TAGS)))
  const itemTags = ITEM_TAGS.filter((t) => !dialect.omittedItemTags?.includes(t))
  const listAttributes: XmlNode = {}
  for (const [name, value] of Object.entries(options.itemListAttributes ?? {})) listAttributes[`@_${TYPES_PREFIX}:${name}`] = value
  body[`${prefix}:${ITEM_LIST_TAG}`] = {
    ...listAttributes,
    [`${TYPES_PREFIX}:${ITEM_TAG}`]: fields.items.map((item) => ordered(TYPES_PREFIX, itemTags, item, keeper(dialect, item, dialect.requiredItemTags))),
  }
  return soapEnvelope(`${prefix}:${REQUEST_ROOTS[op]}`, body, { [prefix]: dialect.namespaces[op].request, [TYPES_PREFIX]: dialect.typesNamespace })
}

/** visualizza, annulla, interrogaNre: a flat sequence of text elements. */
export function buildSimpleRequest(dialect: SacDialect, operation: Exclude<SacOperation, 'invio'>, values: Fields): string {
  const prefix = prefixOf(dialect, operation)
  const attrs = rootAttributes(dialect, operation)
  const body: XmlNode = { ...attrs, ...ordered(prefix, requestTags(operation), values, keeper(dialect, values, dialect.requiredTags?.[operation])) }
  const namespaces: Record<string, string> = { [prefix]: dialect.namespaces[operation].request }
  if (Object.keys(attrs).length) namespaces[TYPES_PREFIX] = dialect.typesNamespace
  return soapEnvelope(`${prefix}:${REQUEST_ROOTS[operation]}`, body, namespaces)
}
