/*
| The simulator's NRBE service (white electronic prescription, spec §6.8): schema checks of the
| three requests, the prescriber's and the patient's codes, an NRBE (a letter and 11 digits) and
| a 5-character PIN on acceptance, read-back and cancellation with the SAC's codes.
*/
import { randomInt } from 'node:crypto'
import { DateTime } from 'luxon'
import { SOAP_ENV } from '#services/demat/sac_schema/protocol'
import { buildXml, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacMessage } from '../error_messages.js'
import { COMPILED_AT_PATTERN, isFiscalCodeShape, isStpEni, isValidFiscalCode } from '../formal_checks.js'
import {
  OPERATIONS,
  WHITE_ITEM_REQUIRED,
  WHITE_ITEM_TAG,
  WHITE_ITEM_TAGS,
  WHITE_LOOKUP_TAGS,
  WHITE_SEND_REQUIRED,
  WHITE_SEND_TAGS,
  type WhiteOperation,
} from '../soap/protocol.js'
import { checkOrdered, checkPattern, many, SchemaFault } from './schema.js'
import type { SimulatedDoctor } from './sac_simulator.js'

export interface SimulatorTools {
  /** The SanitelCF-encrypted value in clear, null when it does not decrypt. */
  decrypt(value: string): string | null
}

export interface StoredWhitePrescription {
  nrbe: string
  pin: string
  protocol: string
  insertedAt: string
  compiledAt: string
  cfMedico: string
  patientCode: string
  header: Record<string, string>
  items: Array<Record<string, string>>
  /** statoProcesso: 3 to dispense, 4 cancelled, 5 being dispensed, 8 dispensed. */
  status: string
}

interface WhiteError {
  code: string
  itemIndex?: number
  severity?: 'Bloccante' | 'Avviso'
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const PIN_CHARS = `${LETTERS}0123456789`
const romeNow = () => DateTime.now().setZone('Europe/Rome')

export class WhiteService {
  readonly prescriptions = new Map<string, StoredWhitePrescription>()
  #issued = new Set<string>()

  constructor(readonly tools: SimulatorTools) {}

  /** The request's XSD: header tags in order, required ones valued, items with their own order. */
  checkSchema(operation: WhiteOperation, node: XmlNode) {
    const op = OPERATIONS[operation]
    if (operation !== 'invioBianca') return checkOrdered(Object.keys(node), WHITE_LOOKUP_TAGS, ['pinCode', 'cfMedico'], op.requestNs)
    checkOrdered(Object.keys(node), [...WHITE_SEND_TAGS, WHITE_ITEM_TAG], [...WHITE_SEND_REQUIRED, WHITE_ITEM_TAG], op.requestNs)
    for (const tag of WHITE_SEND_REQUIRED) {
      if (!text(node, tag)) throw new SchemaFault(`cvc-minLength-valid: Value '' with length = '0' is not facet-valid with respect to minLength '1' for type '${tag}Type'.`)
    }
    checkPattern(text(node, 'dataCompilazione'), COMPILED_AT_PATTERN, 'dataType')
    checkPattern(text(node, 'tipoPrescrizione'), /^[A-Z]$/, 'tipoPrescrType')
    for (const item of many(node, WHITE_ITEM_TAG)) {
      checkOrdered(Object.keys(item), WHITE_ITEM_TAGS, WHITE_ITEM_REQUIRED, op.typesNs!)
      checkPattern(text(item, 'quantita'), /^[1-9][0-9]?$/, 'quantitaType')
      checkPattern(text(item, 'tdl'), /^[01]$/, 'tdlType')
      if ('nonSost' in item) checkPattern(text(item, 'nonSost'), /^1$/, 'nonSostType')
      if ('codMotivazNonSost' in item) checkPattern(text(item, 'codMotivazNonSost'), /^[1-4]$/, 'codMotivazNonSostType')
    }
  }

  process(operation: WhiteOperation, node: XmlNode, caller: SimulatedDoctor): string {
    if (operation === 'invioBianca') return this.#send(node, caller)
    if (operation === 'visualizzaBianca') return this.#view(node)
    return this.#cancel(node)
  }

  /** A refusal before the operation (pincode). */
  refuse(operation: WhiteOperation, code: string) {
    return this.#answer(operation, { errors: [{ code }] })
  }

  setStatus(nrbe: string, status: string) {
    const stored = this.prescriptions.get(nrbe)
    if (!stored) return false
    stored.status = status
    return true
  }

  #patientCode(encrypted: string, errors: WhiteError[]): string {
    if (!encrypted) return ''
    const plain = encrypted.toUpperCase()
    if (isFiscalCodeShape(plain) || isStpEni(plain)) {
      errors.push({ code: '1035' })
      return ''
    }
    const decrypted = this.tools.decrypt(encrypted)
    if (decrypted === null) {
      errors.push({ code: '1034' })
      return ''
    }
    return decrypted.toUpperCase()
  }

  #newNrbe() {
    for (;;) {
      const nrbe = LETTERS[randomInt(0, 26)] + String(randomInt(0, 100_000_000_000)).padStart(11, '0')
      if (!this.#issued.has(nrbe)) {
        this.#issued.add(nrbe)
        return nrbe
      }
    }
  }

  #send(node: XmlNode, caller: SimulatedDoctor): string {
    const h: Record<string, string> = {}
    for (const tag of WHITE_SEND_TAGS) h[tag] = text(node, tag)
    const errors: WhiteError[] = []
    const cf = h.cfMedico.toUpperCase()
    if (!isFiscalCodeShape(cf)) errors.push({ code: '1023' })
    else if (!isValidFiscalCode(cf)) errors.push({ code: '1024' })
    else if (caller.fiscalCode && cf !== caller.fiscalCode) errors.push({ code: '1007' })
    // A national service: every region code of three digits.
    if (!/^[0-9]{3}$/.test(h.codRegione)) errors.push({ code: '1018' })
    if (!/^[0-9]{3}$/.test(h.codASLAo)) errors.push({ code: '1019' })
    if (!/^[A-Z0-9]$/.test(h.codSpecializzazione)) errors.push({ code: '1021' })
    // Only drugs go on a white electronic prescription.
    if (h.tipoPrescrizione !== 'F') errors.push({ code: '9999' })
    const patientCode = this.#patientCode(h.codicePaziente, errors)
    if (patientCode && !isStpEni(patientCode) && !/^[0-9]{11}$/.test(patientCode) && !isValidFiscalCode(patientCode)) errors.push({ code: '1024' })
    const items = many(node, WHITE_ITEM_TAG).map((item) => Object.fromEntries(WHITE_ITEM_TAGS.map((tag) => [tag, text(item, tag)])))
    items.forEach((item, i) => {
      const byProduct = item.codProdPrest && item.descrProdPrest
      const byGroup = item.codGruppoEquival && item.descrGruppoEquival
      if (!byProduct && !byGroup) errors.push({ code: '9999', itemIndex: i + 1 })
    })
    if (errors.length) return this.#answer('invioBianca', { errors })

    const now = romeNow()
    const stored: StoredWhitePrescription = {
      nrbe: this.#newNrbe(),
      pin: Array.from({ length: 5 }, () => PIN_CHARS[randomInt(0, PIN_CHARS.length)]).join(''),
      protocol: now.toFormat('yyyyMMddHHmmss') + String(randomInt(0, 1_000_000)).padStart(6, '0'),
      insertedAt: now.toFormat('yyyy-MM-dd HH:mm:ss'),
      compiledAt: h.dataCompilazione,
      cfMedico: cf,
      patientCode,
      header: { ...h, pinCode: '', codicePaziente: '' },
      items,
      status: '3',
    }
    this.prescriptions.set(stored.nrbe, stored)
    return this.#answer('invioBianca', {
      fields: [
        ['nrbe', stored.nrbe],
        ['pinNrbe', stored.pin],
        ['protocolloTransazione', stored.protocol],
        ['dataInserimento', stored.insertedAt],
        ['nomeMedico', ''],
        ['cognomeMedico', ''],
      ],
      communications: [{ code: '0100', message: 'Nessuna comunicazione' }],
    })
  }

  /** The prescription a lookup names, or the error that says why not. */
  #find(node: XmlNode): { stored: StoredWhitePrescription } | { error: string } {
    const nrbe = text(node, 'nrbe')
    const pin = text(node, 'pinNrbe')
    const stored = nrbe ? this.prescriptions.get(nrbe) : [...this.prescriptions.values()].find((p) => pin && p.pin === pin)
    if (!stored || (nrbe && pin && stored.pin !== pin)) return { error: '5005' }
    const encrypted = text(node, 'codicePaziente')
    if (encrypted) {
      const patient = this.tools.decrypt(encrypted)
      if (patient === null) return { error: '1034' }
      if (patient.toUpperCase() !== stored.patientCode) return { error: '5010' }
    }
    if (text(node, 'cfMedico').toUpperCase() !== stored.cfMedico) return { error: '1125' }
    return { stored }
  }

  #view(node: XmlNode): string {
    const found = this.#find(node)
    if ('error' in found) return this.#answer('visualizzaBianca', { errors: [{ code: found.error }] })
    const s = found.stored
    return this.#answer('visualizzaBianca', {
      fields: [
        ['nrbe', s.nrbe],
        ['pinNrbe', s.pin],
        ['statoProcesso', s.status],
        ['dataCompilazione', s.compiledAt],
        ['cfMedico', s.cfMedico],
        ['nomeMedico', ''],
        ['cognomeMedico', ''],
        ['protocolloTransazione', s.protocol],
        ['dataRicezione', s.insertedAt],
        ['items', s.items],
      ],
      communications: [{ code: '0200', message: 'Nessuna comunicazione' }],
    })
  }

  #cancel(node: XmlNode): string {
    const nrbe = text(node, 'nrbe')
    const found = this.#find(node)
    if ('error' in found) return this.#answer('annullaBianca', { fields: [['nrbe', nrbe]], errors: [{ code: found.error }] })
    // Spec §6.4, as the SAC: only while nobody has taken it in charge.
    if (found.stored.status !== '3') return this.#answer('annullaBianca', { fields: [['nrbe', nrbe]], errors: [{ code: '1120' }] })
    found.stored.status = '4'
    return this.#answer('annullaBianca', { fields: [['nrbe', nrbe]], communications: [{ code: '0300', message: 'Nessuna comunicazione' }] })
  }

  #answer(
    operation: WhiteOperation,
    input: { fields?: Array<[string, unknown]>; errors?: WhiteError[]; communications?: Array<{ code: string; message: string }> }
  ): string {
    const spec = OPERATIONS[operation]
    const p = 'ric'
    const body: XmlNode = { [`@_xmlns:${p}`]: spec.responseNs, '@_xmlns:tip': spec.typesNs! }
    for (const [tag, value] of input.fields ?? []) {
      if (tag === 'items') {
        body[`${p}:${WHITE_ITEM_TAG}`] = (value as Array<Record<string, string>>).map((item) =>
          Object.fromEntries(WHITE_ITEM_TAGS.filter((t) => item[t]).map((t) => [`tip:${t}`, item[t]]))
        )
      } else body[`${p}:${tag}`] = value
    }
    const errors = input.errors ?? []
    body[`${p}:${spec.outcomeTag}`] = errors.some((e) => (e.severity ?? 'Bloccante') === 'Bloccante') ? '9999' : errors.length ? '0001' : '0000'
    if (errors.length) {
      body[`${p}:elencoErroriRicette`] = {
        'tip:erroreRicetta': errors.map((e) => ({
          'tip:codEsito': e.code,
          'tip:esito': sacMessage(e.code).toUpperCase(),
          'tip:identificativoProdPrest': String(e.itemIndex ?? 0),
          'tip:tipoErrore': e.severity ?? 'Bloccante',
        })),
      }
    }
    const communications = input.communications ?? []
    if (communications.length) body[`${p}:elencoComunicazioni`] = { 'tip:comunicazione': communications.map((c) => ({ 'tip:codice': c.code, 'tip:messaggio': c.message })) }
    if (operation === 'invioBianca') {
      body[`${p}:flagPromemoria`] = '0'
      body[`${p}:pdfPromemoria`] = ''
    }
    return buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`${p}:${spec.responseRoot}`]: body } } })
  }
}
