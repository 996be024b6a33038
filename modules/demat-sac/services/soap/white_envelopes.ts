/*
| Request envelopes of the white electronic prescription (NRBE) service, spec §6.8 [P]. Unlike
| the SAC prescriber services, optional tags are left out when empty: public clients do so and
| the service's patterns refuse an empty value. Required tags are always written.
*/
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'
import { soapEnvelope, type XmlNode } from '#services/demat/sac_schema/xml'
import { OPERATIONS, WHITE_ITEM_REQUIRED, WHITE_ITEM_TAG, WHITE_ITEM_TAGS, WHITE_LOOKUP_TAGS, WHITE_SEND_REQUIRED, WHITE_SEND_TAGS } from './protocol.js'

type Fields = Record<string, string>

/** What the NRBE service wants to know about the prescriber and DoctorContext does not carry yet. */
export interface WhitePrescriberDetails {
  /** Number of the registration with the Ordine dei Medici (numIscrizAlbo). */
  registrationNumber: string
  office: { street: string; postalCode: string; city: string; province: string }
  phone: string
}

const str = (value: string | null | undefined) => (value ?? '').trim()

/** [P] `street|postcode|town|province`, as public clients send indirMedico. */
export function officeAddress(office: WhitePrescriberDetails['office']) {
  return [office.street, office.postalCode, office.city, office.province.toUpperCase()].map((part) => part.replaceAll('|', ' ').trim()).join('|')
}

/** [P] `+39|number`: the international prefix, then the digits; a number without prefix is Italian. */
export function officePhone(phone: string) {
  const compact = phone.replace(/[\s./-]/g, '')
  const italian = /^(\+|00)39/.exec(compact)
  if (italian) return `+39|${compact.slice(italian[0].length)}`
  // Prefixes have one to three digits: only a separator tells where a foreign one ends.
  const separated = /^(?:\+|00)(\d{1,3})[\s./-]+(.+)$/.exec(phone.trim())
  if (separated) return `+${separated[1]}|${separated[2].replace(/\D/g, '')}`
  return compact.startsWith('+') ? `${compact.slice(0, 3)}|${compact.slice(3)}` : `+39|${compact}`
}

/** Header and items of demInvioPrescrittoRicettaBianca, pincode and patient CF already encrypted. */
export function whiteSendFields(p: PrescriptionToSend, ctx: DoctorContext, prescriber: WhitePrescriberDetails, encrypted: { pinCode: string; codicePaziente: string }) {
  const header: Fields = {
    pinCode: encrypted.pinCode,
    // The signer: a substitute prescribes white prescriptions in his own name.
    cfMedico: (str(ctx.substituteFiscalCode) || ctx.fiscalCode).toUpperCase(),
    codRegione: ctx.regionCode,
    codASLAo: ctx.aslCode,
    codStruttura: str(ctx.structureCode),
    codSpecializzazione: ctx.specializationCode,
    numIscrizAlbo: str(prescriber.registrationNumber),
    indirMedico: officeAddress(prescriber.office),
    telefMedico: officePhone(prescriber.phone),
    codicePaziente: encrypted.codicePaziente,
    cognNome: `${str(p.patient.lastName)} ${str(p.patient.firstName)}`.trim().toUpperCase(),
    // The patient's address goes as street|postcode|town|province [P]; ours is free text, so it stays out.
    indirizzo: '',
    tipoPrescrizione: 'F',
    codDiagnosi: str(p.diagnosisCode),
    descrDiagnosi: str(p.diagnosisText),
    dataCompilazione: p.compiledAt,
  }
  const items: Fields[] = p.items.map((item) => ({
    codProdPrest: str(item.code),
    descrProdPrest: str(item.description),
    codGruppoEquival: str(item.equivalenceGroup?.code),
    descrGruppoEquival: str(item.equivalenceGroup?.description),
    nonSost: item.notSubstitutable ? '1' : '',
    codMotivazNonSost: item.notSubstitutable ? str(item.notSubstitutableReason) : '',
    // Terapia del dolore: the contract has no such flag yet.
    tdl: '0',
    descrTestoLiberoNote: str(item.notes),
    quantita: String(item.quantity),
  }))
  return { header, items }
}

/** The tags of `tags` that have a value or are required, in order, under `prefix`. */
function present(prefix: string, tags: readonly string[], required: readonly string[], values: Fields): XmlNode {
  const node: XmlNode = {}
  for (const tag of tags) {
    const value = values[tag] ?? ''
    if (value || required.includes(tag)) node[`${prefix}:${tag}`] = value
  }
  return node
}

export function whiteSendEnvelope(fields: { header: Fields; items: Fields[] }): string {
  const op = OPERATIONS.invioBianca
  const body = present(op.prefix, WHITE_SEND_TAGS, WHITE_SEND_REQUIRED, fields.header)
  // The items are elements of the request's namespace whose children are in the types namespace.
  body[`${op.prefix}:${WHITE_ITEM_TAG}`] = fields.items.map((item) => present('tip', WHITE_ITEM_TAGS, WHITE_ITEM_REQUIRED, item))
  return soapEnvelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs, tip: op.typesNs! })
}

export interface WhiteLookup {
  pinCode: string
  /** The patient's CF, encrypted; empty when not known. */
  codicePaziente: string
  nrbe: string
  pinNrbe?: string
  cfMedico: string
}

function lookup(operation: 'visualizzaBianca' | 'annullaBianca', values: WhiteLookup) {
  const op = OPERATIONS[operation]
  const body = present(op.prefix, WHITE_LOOKUP_TAGS, ['pinCode', 'cfMedico'], values as unknown as Fields)
  return soapEnvelope(`${op.prefix}:${op.requestRoot}`, body, { [op.prefix]: op.requestNs })
}

export function whiteViewEnvelope(values: WhiteLookup) {
  return lookup('visualizzaBianca', values)
}

export function whiteCancelEnvelope(values: WhiteLookup) {
  return lookup('annullaBianca', values)
}
