/*
| XML in and out for the SAC message set, through fast-xml-parser: envelopes are built from ordered
| objects (key order is tag order, which the XSD sequences require) and answers are read by local
| name, leniently (spec §6.5: the service's own schemas are not all valid).
*/
import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import { SOAP_ENV } from './protocol.js'

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false })

/** Lists that may hold one element: always arrays after parsing. */
const LISTS = new Set(['ErroreRicetta', 'Comunicazione', 'DettaglioPrescrizione', 'NreUtilRecord', 'Nota'])

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => LISTS.has(name),
})

/** Keeps prefixes, attributes and child order: schema checks and contract tests look at it. */
const rawParser = new XMLParser({
  removeNSPrefix: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => LISTS.has(name.split(':').pop()!),
})

export type XmlNode = Record<string, unknown>

export class XmlSyntaxError extends Error {}

export function buildXml(tree: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(tree)}`
}

/** A SOAP 1.1 envelope around one body element; `namespaces` are declared on the envelope. */
export function soapEnvelope(bodyRoot: string, body: XmlNode, namespaces: Record<string, string>, soapPrefix = 'soapenv'): string {
  const attrs: XmlNode = { [`@_xmlns:${soapPrefix}`]: SOAP_ENV }
  for (const [prefix, uri] of Object.entries(namespaces)) attrs[`@_xmlns:${prefix}`] = uri
  return buildXml({ [`${soapPrefix}:Envelope`]: { ...attrs, [`${soapPrefix}:Header`]: '', [`${soapPrefix}:Body`]: { [bodyRoot]: body } } })
}

/** A SOAP 1.1 Fault. `header`: an empty Header before the Body, for a simulator that keeps the form its clients were tested with. */
export function soapFaultXml(code: 'env:Client' | 'env:Server', text: string, options: { header?: boolean } = {}): string {
  return buildXml({
    'env:Envelope': {
      '@_xmlns:env': SOAP_ENV,
      ...(options.header ? { 'env:Header': '' } : {}),
      'env:Body': { 'env:Fault': { faultcode: code, faultstring: text } },
    },
  })
}

export function parseXml(text: string): XmlNode {
  try {
    return parser.parse(text, true) as XmlNode
  } catch (error) {
    throw new XmlSyntaxError(`XML non leggibile: ${(error as Error).message}`)
  }
}

export function parseXmlRaw(text: string): XmlNode {
  try {
    return rawParser.parse(text, true) as XmlNode
  } catch (error) {
    throw new XmlSyntaxError(`XML non leggibile: ${(error as Error).message}`)
  }
}

/** The first element of the SOAP Body, with its local name. */
export function soapBody(doc: XmlNode): { name: string; node: XmlNode } | null {
  const env = doc.Envelope as XmlNode | undefined
  const body = env?.Body as XmlNode | undefined
  if (!body || typeof body !== 'object') return null
  const name = Object.keys(body)[0]
  if (!name) return null
  const node = body[name]
  return { name, node: node && typeof node === 'object' ? (node as XmlNode) : {} }
}

/** A text value: '' when absent or empty. */
export function text(node: XmlNode | undefined, tag: string): string {
  const value = node?.[tag]
  if (value === undefined || value === null || typeof value === 'object') return ''
  return String(value)
}

export function list(node: XmlNode | undefined, container: string, item: string): XmlNode[] {
  const holder = node?.[container]
  if (!holder || typeof holder !== 'object') return []
  const items = (holder as XmlNode)[item]
  if (!items) return []
  return (Array.isArray(items) ? items : [items]).filter((i) => i && typeof i === 'object') as XmlNode[]
}

/** Child element names of a raw-parsed node (attributes and text left out). */
export function childNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => !k.startsWith('@_') && k !== '#text')
}

export const localName = (qualified: string) => qualified.split(':').pop()!
export const prefixPart = (qualified: string) => (qualified.includes(':') ? qualified.split(':')[0] : '')
