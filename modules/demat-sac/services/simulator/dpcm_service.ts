/*
| The simulator's DPCM services (red prescriptions, DPCM 26/03/2008): the upload of a zipped
| RicetteMIR file attached to the SOAP call, answered with a receipt and a protocol, and the
| "elenco analitico" of the checks. As the MEF does, the checks of the content come after the
| reception: their outcome is listed once `processingMs` have passed.
|
| The receipt's `000` is the public one; the other receipt codes and the `R…`/`P…` verdict codes
| are the simulator's own (the official lists are not public). Where the meaning is the SAC's
| (pincode, patient CF, tipo ricetta) the SAC codes are used.
*/
import { DateTime } from 'luxon'
import { SOAP_ENV } from '#services/demat/sac_schema/protocol'
import { buildXml, parseXml, parseXmlRaw, soapBody, text, type XmlNode } from '#services/demat/sac_schema/xml'
import { FOREIGN_TIPO_RIC, isFiscalCodeShape, isStpEni, isValidFiscalCode, TIPO_RIC } from '../formal_checks.js'
import { sacMessage } from '../error_messages.js'
import { SAC_REGION_CODES } from '../sac_plugin.js'
import { parseMultipart } from '../soap/multipart.js'
import {
  DPCM_RECEIVED,
  DPCM_UPLOAD_TAGS,
  DPCM_VERDICT_TAGS,
  MIR_HEADER_TAGS,
  MIR_ITEM_TAGS,
  MIR_RICETTA_TAGS,
  OPERATIONS,
} from '../soap/protocol.js'
import { unzipFirst } from '../soap/zip.js'
import { checkNamespace, checkOrdered, checkPattern, checkSequence, many, SchemaFault, soapFault } from './schema.js'
import type { SimulatedDoctor } from './sac_simulator.js'
import type { SimulatorTools } from './white_service.js'

export interface DpcmTools extends SimulatorTools {
  /** The SAC code of a wrong pincode for this caller, null when right. */
  checkPin(pinCode: string, caller: SimulatedDoctor): string | null
}

interface VerdictError {
  code: string
  text: string
}

export interface StoredRedTransmission {
  protocol: string
  fileName: string
  receivedAt: string
  username: string
  sheets: Array<{ bar1: string; bar2: string; errors: VerdictError[] }>
  /** Epoch ms from which the checks' outcome is listed. */
  readyAt: number
}

const romeNow = () => DateTime.now().setZone('Europe/Rome')
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/

const fault = (text: string) => ({ status: 500, xml: soapFault('env:Client', text) })

export class DpcmService {
  readonly transmissions = new Map<string, StoredRedTransmission>()
  /** How long the MEF takes to check a file, ms (0: listed at once). */
  processingMs: number
  #sequence = 0
  #accepted = new Set<string>()

  constructor(
    readonly tools: DpcmTools,
    options: { processingMs?: number } = {}
  ) {
    this.processingMs = options.processingMs ?? 0
  }

  // ---------------------------------------------------------------- upload

  upload(contentType: string, raw: Buffer, caller: SimulatedDoctor): { status: number; xml: string } {
    if (!/^multipart\/related/i.test(contentType)) return fault('Allegato mancante: la richiesta deve essere multipart/related (SOAP with attachments).')
    let parts
    try {
      parts = parseMultipart(raw, contentType)
    } catch (error) {
      return fault(`Messaggio MIME non leggibile: ${(error as Error).message}`)
    }
    const envelopeXml = parts[0]?.body.toString('utf8') ?? ''
    let node: XmlNode
    try {
      node = this.#uploadSchema(envelopeXml)
    } catch (error) {
      if (error instanceof SchemaFault) return fault(error.message)
      throw error
    }
    const fileName = text(node, 'nomeFileAllegato')
    const attachment = parts[1]
    if (!attachment) return this.#receipt({ code: '001', description: 'Allegato mancante.', fileName })
    let file
    try {
      file = unzipFirst(attachment.body)
    } catch (error) {
      return this.#receipt({ code: '001', description: `Allegato non leggibile: ${(error as Error).message}.`, fileName, size: attachment.body.length })
    }
    let mir: { header: XmlNode; ricette: XmlNode[] }
    try {
      mir = this.#fileSchema(file.content.toString('utf8'))
    } catch (error) {
      const reason = error instanceof SchemaFault ? error.message : `XML non leggibile: ${(error as Error).message}`
      return this.#receipt({ code: '002', description: `File non conforme allo schema RicetteMIR: ${reason}`, fileName, size: attachment.body.length })
    }
    const pin = text(mir.header, 'PinCode')
    const now = romeNow()
    this.#sequence++
    const protocol = now.toFormat('yyMMddHHmmss') + String(this.#sequence).padStart(5, '0')
    const stored: StoredRedTransmission = {
      protocol,
      fileName,
      receivedAt: now.toFormat('yyyy-MM-dd HH:mm:ss'),
      username: caller.username,
      sheets: mir.ricette.map((r) => ({ bar1: text(r, 'Bar1'), bar2: text(r, 'Bar2'), errors: this.#check(r, pin, caller) })),
      readyAt: Date.now() + this.processingMs,
    }
    this.transmissions.set(protocol, stored)
    return this.#receipt({ code: DPCM_RECEIVED, description: 'File accolto: in attesa dei controlli.', fileName, size: attachment.body.length, protocol, receivedAt: stored.receivedAt })
  }

  #uploadSchema(xml: string): XmlNode {
    const spec = OPERATIONS.dpcmInvio
    let doc: XmlNode
    try {
      doc = parseXml(xml)
      checkNamespace(parseXmlRaw(xml), spec.requestRoot, spec.requestNs)
    } catch (error) {
      if (error instanceof SchemaFault) throw error
      throw new SchemaFault(`Unmarshalling Error: ${(error as Error).message}`)
    }
    const body = soapBody(doc)
    if (!body || body.name !== spec.requestRoot) throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${body?.name ?? ''}'.`)
    checkOrdered(Object.keys(body.node), DPCM_UPLOAD_TAGS, ['nomeFileAllegato'], '')
    if (!text(body.node, 'nomeFileAllegato')) throw new SchemaFault("cvc-minLength-valid: Value '' is not facet-valid for type 'nomeFileAllegato'.")
    return body.node
  }

  #mir(xml: string): XmlNode {
    const doc = parseXml(xml)
    const root = doc.RicetteMIR
    if (!root || typeof root !== 'object') throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${Object.keys(doc).find((k) => !k.startsWith('?')) ?? ''}'.`)
    return root as XmlNode
  }

  /** The file's XSD: header, one RicettaI a prescription, its items; the patterns of dates and numbers. */
  #fileSchema(xml: string): { header: XmlNode; ricette: XmlNode[] } {
    const root = this.#mir(xml)
    checkOrdered(Object.keys(root), ['Testata', 'RicettaI'], ['Testata', 'RicettaI'], '')
    const header = root.Testata as XmlNode
    if (!header || typeof header !== 'object') throw new SchemaFault("cvc-complex-type.2.4.b: The content of element 'Testata' is not complete.")
    checkSequence(Object.keys(header), MIR_HEADER_TAGS, '')
    checkPattern(text(header, 'TipoInvio'), /^(RPS|REL)$/, 'TipoInvioType')
    const ricette = many(root, 'RicettaI')
    for (const ricetta of ricette) {
      checkSequence(Object.keys(ricetta), [...MIR_RICETTA_TAGS, 'Prescrizione'], '')
      checkPattern(text(ricetta, 'DataCompilazione'), DATE, 'DataType')
      checkPattern(text(ricetta, 'TotPezzi'), /^[0-9]{1,2}$/, 'TotPezziType')
      for (const item of many(ricetta, 'Prescrizione')) {
        checkSequence(Object.keys(item), MIR_ITEM_TAGS, '')
        checkPattern(text(item, 'Quantita'), /^[0-9]$/, 'QuantitaType')
      }
    }
    return { header, ricette }
  }

  /** The MEF's checks of one prescription: credentials, the sheet's codes, the patient, coherence. */
  #check(ricetta: XmlNode, pin: string, caller: SimulatedDoctor): VerdictError[] {
    const errors: VerdictError[] = []
    const sac = (code: string) => errors.push({ code, text: sacMessage(code).toUpperCase() })
    const pinError = this.tools.checkPin(pin, caller)
    if (pinError) sac(pinError)
    const bar1 = text(ricetta, 'Bar1')
    const bar2 = text(ricetta, 'Bar2')
    const year = Number(romeNow().toFormat('yy'))
    if (!/^[0-9]{5}$/.test(bar1) || !SAC_REGION_CODES.includes(bar1.slice(0, 3)) || Number(bar1.slice(3)) > year) {
      errors.push({ code: 'R001', text: 'CODICE RICETTA (BAR1) NON VALIDO: REGIONE O ANNO ERRATI' })
    }
    if (!/^[0-9]{10}$/.test(bar2)) errors.push({ code: 'R002', text: 'CODICE RICETTA (BAR2) NON VALIDO: SERVONO 10 CIFRE' })
    if (this.#accepted.has(bar1 + bar2)) errors.push({ code: 'R003', text: 'RICETTA GIA TRASMESSA IN PRECEDENZA' })
    const tipoRic = text(ricetta, 'TipoRic')
    if (!TIPO_RIC.includes(tipoRic)) sac('1032')
    const encrypted = text(ricetta, 'CodiceAss')
    if (!encrypted) {
      if (!FOREIGN_TIPO_RIC.includes(tipoRic)) sac('1012')
    } else if (isFiscalCodeShape(encrypted.toUpperCase()) || isStpEni(encrypted.toUpperCase())) sac('1035')
    else {
      const patient = this.tools.decrypt(encrypted)?.toUpperCase() ?? null
      if (patient === null) sac('1034')
      else if (!isStpEni(patient) && !/^[0-9]{11}$/.test(patient) && !isValidFiscalCode(patient)) sac('1024')
    }
    if (!['F', 'P'].includes(text(ricetta, 'TipoPrescrizione'))) errors.push({ code: 'R004', text: 'TIPO PRESCRIZIONE NON VALIDO' })
    const total = many(ricetta, 'Prescrizione').reduce((sum, item) => sum + Number(text(item, 'Quantita')), 0)
    if (String(total) !== text(ricetta, 'TotPezzi')) errors.push({ code: 'R005', text: 'TOTALE PEZZI NON COERENTE CON LE QUANTITA' })
    if (!errors.length) this.#accepted.add(bar1 + bar2)
    return errors
  }

  #receipt(input: { code: string; description: string; fileName: string; size?: number; protocol?: string; receivedAt?: string }) {
    const spec = OPERATIONS.dpcmInvio
    const body: XmlNode = {
      '@_xmlns:ns2': spec.responseNs,
      protocolloSAC: input.protocol ?? '',
      dataAccoglienza: input.receivedAt ?? '',
      nomeFileAllegato: input.fileName,
      dimensioneFileAllegato: String(input.size ?? 0),
      codiceEsito: input.code,
      descrizioneEsito: input.description,
    }
    return { status: 200, xml: buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`ns2:${spec.responseRoot}`]: body } } }) }
  }

  // ---------------------------------------------------------------- verdict

  checkVerdictSchema(node: XmlNode) {
    const spec = OPERATIONS.dpcmEsiti
    checkSequence(Object.keys(node), ['elencoAnaliticoEsitoRicetteDTO'], spec.requestNs)
    const dto = node.elencoAnaliticoEsitoRicetteDTO
    checkOrdered(dto && typeof dto === 'object' ? Object.keys(dto) : [], DPCM_VERDICT_TAGS, ['pinCodeIn'], spec.typesNs!)
    for (const tag of ['dataIniRange', 'dataFineRange']) {
      const value = text(dto as XmlNode, tag)
      if (value) checkPattern(value, DATE, 'DataType')
    }
  }

  verdict(node: XmlNode, caller: SimulatedDoctor): string {
    const dto = node.elencoAnaliticoEsitoRicetteDTO as XmlNode
    const pinError = this.tools.checkPin(text(dto, 'pinCodeIn'), caller)
    if (pinError) return this.#verdictAnswer(false, [{ code: pinError, text: sacMessage(pinError).toUpperCase() }], [])
    const protocol = text(dto, 'protocolloSac')
    const mine = [...this.transmissions.values()].filter((t) => t.username === caller.username)
    let found: StoredRedTransmission[]
    if (protocol) {
      const one = mine.find((t) => t.protocol === protocol)
      if (!one) return this.#verdictAnswer(false, [{ code: 'P001', text: 'PROTOCOLLO NON TROVATO PER L’UTENTE' }], [])
      found = [one]
    } else {
      const from = text(dto, 'dataIniRange')
      const to = text(dto, 'dataFineRange')
      if (!from || !to) return this.#verdictAnswer(false, [{ code: 'P002', text: 'INDICARE IL PROTOCOLLO OPPURE IL PERIODO' }], [])
      found = mine.filter((t) => t.receivedAt.slice(0, 10) >= from && t.receivedAt.slice(0, 10) <= to)
    }
    // Not checked yet: not listed.
    return this.#verdictAnswer(true, [], found.filter((t) => Date.now() >= t.readyAt))
  }

  #verdictAnswer(valid: boolean, messages: VerdictError[], transmissions: StoredRedTransmission[]) {
    const spec = OPERATIONS.dpcmEsiti
    const records = transmissions.flatMap((t) =>
      t.sheets.map((s) => ({
        'dto:codRicetta': s.bar1 + s.bar2,
        'dto:dataAccoglienza': t.receivedAt,
        'dto:protocolloSac': t.protocol,
        'dto:errori': { 'dto:Errori': s.errors.map((e) => ({ 'dto:codice': e.code, 'dto:descrizione': e.text })) },
      }))
    )
    const answer: XmlNode = {
      'dto:isOperazioneValida': String(valid),
      'dto:listaMessaggi': { 'dto:MessageObj': messages.map((m) => ({ 'dto:codiceMessaggio': m.code, 'dto:descrizioneMessaggio': m.text })) },
      'dto:elencoEsitoRicetteRecords': { 'dto:ElencoEsitoRicetteRecord': records },
    }
    const body = { '@_xmlns:ela': spec.responseNs, '@_xmlns:dto': spec.typesNs!, 'ela:visualizzaElencoStatoRicetteReturn': answer }
    return buildXml({ 'soap:Envelope': { '@_xmlns:soap': SOAP_ENV, 'soap:Body': { [`ela:${spec.responseRoot}`]: body } } })
  }
}
