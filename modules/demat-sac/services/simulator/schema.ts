/*
| What the services' XSD validation does, for the simulator: root and namespace, tags in
| sequence, required tags, with the messages the Java validators give (cvc-…).
*/
import { SOAP_ENV } from '#services/demat/sac_schema/protocol'
import { soapFaultXml, type XmlNode } from '#services/demat/sac_schema/xml'

export class SchemaFault extends Error {}

/** The SAC simulator's faults carry an empty Header (the FVG simulator's do not): clients read both. */
export function soapFault(code: 'env:Client' | 'env:Server', text: string) {
  return soapFaultXml(code, text, { header: true })
}

/** The body's root element is `root`, declared in namespace `ns`, in a SOAP 1.1 envelope. */
export function checkNamespace(raw: XmlNode, root: string, ns: string) {
  const envelopeKey = Object.keys(raw).find((k) => k.endsWith(':Envelope') || k === 'Envelope')
  const envelope = (envelopeKey ? raw[envelopeKey] : {}) as XmlNode
  const bodyKey = Object.keys(envelope).find((k) => k.endsWith(':Body') || k === 'Body')
  const soapPrefix = envelopeKey?.includes(':') ? envelopeKey.split(':')[0] : ''
  if (envelope[soapPrefix ? `@_xmlns:${soapPrefix}` : '@_xmlns'] !== SOAP_ENV) throw new SchemaFault('VersionMismatch: envelope non SOAP 1.1.')
  const body = (bodyKey ? envelope[bodyKey] : {}) as XmlNode
  const rootKey = Object.keys(body).find((k) => k === root || k.endsWith(`:${root}`))
  const rootNode = (rootKey ? body[rootKey] : {}) as XmlNode
  const prefix = rootKey?.includes(':') ? rootKey.split(':')[0] : ''
  const attr = prefix ? `@_xmlns:${prefix}` : '@_xmlns'
  const declared = (rootNode?.[attr] ?? envelope[attr] ?? body[attr]) as string | undefined
  if (declared !== ns) throw new SchemaFault(`cvc-elt.1: Cannot find the declaration of element '${rootKey}' (namespace '${declared ?? ''}').`)
}

/** Exactly `expected`, in order (a sequence of required elements). */
export function checkSequence(found: string[], expected: readonly string[], ns: string) {
  for (let i = 0; i < expected.length; i++) {
    if (found[i] !== expected[i]) {
      const at = found[i] ? `starting with element '${found[i]}'` : 'the content is not complete'
      throw new SchemaFault(`cvc-complex-type.2.4.a: Invalid content was found ${at}. One of '{"${ns}":${expected[i]}}' is expected.`)
    }
  }
  if (found.length > expected.length) throw new SchemaFault(`cvc-complex-type.2.4.d: Invalid content was found starting with element '${found[expected.length]}'. No child element is expected at this point.`)
}

/** A sequence whose elements not in `required` may be left out: what is there keeps the order. */
export function checkOrdered(found: string[], allowed: readonly string[], required: readonly string[], ns: string) {
  let position = 0
  for (const tag of found) {
    const at = allowed.indexOf(tag, position)
    const skipped = allowed.slice(position, at === -1 ? allowed.length : at).find((t) => required.includes(t))
    if (at === -1 || skipped) {
      const expected = skipped ?? allowed.slice(position).find((t) => required.includes(t)) ?? allowed[position]
      if (!expected) throw new SchemaFault(`cvc-complex-type.2.4.d: Invalid content was found starting with element '${tag}'. No child element is expected at this point.`)
      throw new SchemaFault(`cvc-complex-type.2.4.a: Invalid content was found starting with element '${tag}'. One of '{"${ns}":${expected}}' is expected.`)
    }
    position = at + 1
  }
  const missing = allowed.slice(position).find((t) => required.includes(t))
  if (missing) throw new SchemaFault(`cvc-complex-type.2.4.b: The content is not complete. One of '{"${ns}":${missing}}' is expected.`)
}

export function checkPattern(value: string, pattern: RegExp, type: string) {
  if (!pattern.test(value)) throw new SchemaFault(`cvc-pattern-valid: Value '${value}' is not facet-valid with respect to pattern '${pattern.source.replace(/^\^|\$$/g, '')}' for type '${type}'.`)
}

/** A child that may come once or many times, always as a list. */
export function many(node: XmlNode | undefined, tag: string): XmlNode[] {
  const value = node?.[tag]
  if (!value) return []
  return (Array.isArray(value) ? value : [value]).filter((v) => v && typeof v === 'object') as XmlNode[]
}
