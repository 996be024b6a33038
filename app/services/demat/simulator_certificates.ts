/*
| A development and test tool for the simulators of the prescription services, never used to
| talk to a real one: X.509 certificates made up on the spot (a test CA and what it issues, or a
| self-signed certificate) so that TLS, mutual TLS and the services' encryption certificates can
| be exercised without external tools. node:crypto signs but does not issue certificates, so the
| DER is assembled here: RSA keys, SHA-256 signatures, the v3 extensions TLS stacks check (basic
| constraints, key usage, extended key usage, subject alternative names, key identifiers).
*/
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  while (n > 0) {
    bytes.unshift(n & 0xff)
    n >>= 8
  }
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), length(content.length), content])
const seq = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts))
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts))
const nul = () => Buffer.from([0x05, 0x00])
const bool = (value: boolean) => Buffer.from([0x01, 0x01, value ? 0xff : 0x00])
const octets = (value: Buffer) => tlv(0x04, value)
const utf8 = (value: string) => tlv(0x0c, Buffer.from(value, 'utf8'))
const printable = (value: string) => tlv(0x13, Buffer.from(value, 'ascii'))

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number)
  const bytes = [parts[0] * 40 + parts[1]]
  for (const part of parts.slice(2)) {
    const chunk = [part & 0x7f]
    let rest = part >> 7
    while (rest > 0) {
      chunk.unshift((rest & 0x7f) | 0x80)
      rest >>= 7
    }
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

function integer(value: Buffer): Buffer {
  return tlv(0x02, value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value)
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString()
  const text = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z'
  return tlv(0x17, Buffer.from(text, 'ascii'))
}

const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), nul())

const NAME_OIDS: Record<string, string> = {
  C: '2.5.4.6',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  GN: '2.5.4.42',
  serialNumber: '2.5.4.5',
}

export type DistinguishedName = Array<[keyof typeof NAME_OIDS, string]>

function name(dn: DistinguishedName) {
  // C and serialNumber are PrintableString in X.520; the rest UTF8String.
  return seq(...dn.map(([key, value]) => set(seq(oid(NAME_OIDS[key]), key === 'C' || key === 'serialNumber' ? printable(value) : utf8(value)))))
}

function extension(id: string, critical: boolean, value: Buffer) {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))
}

function keyIdentifier(publicKey: KeyObject) {
  // RFC 5280 §4.2.1.2 method 1 would hash the bit string only; any stable 20 bytes will do here.
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest()
}

function ipBytes(ip: string) {
  return Buffer.from(ip.split('.').map(Number))
}

export interface CertificateIssuer {
  name: DistinguishedName
  privateKey: KeyObject
  publicKey: KeyObject
}

export interface CertificateRequest {
  subject: DistinguishedName
  publicKey: KeyObject
  /** Who signs: a test CA, or the subject itself (see `selfSignedCertificate`). */
  issuer: CertificateIssuer
  days?: number
  ca?: boolean
  usage?: 'server' | 'client' | 'encryption'
  dnsNames?: string[]
  ipAddresses?: string[]
}

/** An X.509 v3 certificate (PEM) signed with SHA-256/RSA by the issuer's key. */
export function issueCertificate(request: CertificateRequest): string {
  // A minute back: a peer whose clock is slightly behind must not see it as not yet valid.
  const now = new Date(Date.now() - 60_000)
  const until = new Date(now.getTime() + (request.days ?? 825) * 86_400_000)
  const serial = randomBytes(12)
  serial[0] &= 0x7f
  const extensions: Buffer[] = []
  if (request.ca) {
    extensions.push(extension('2.5.29.19', true, seq(bool(true))))
    // keyCertSign + cRLSign
    extensions.push(extension('2.5.29.15', true, Buffer.from([0x03, 0x02, 0x01, 0x06])))
  } else {
    extensions.push(extension('2.5.29.19', true, seq()))
    // digitalSignature + keyEncipherment
    extensions.push(extension('2.5.29.15', true, Buffer.from([0x03, 0x02, 0x05, 0xa0])))
    if (request.usage === 'server') extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))))
    if (request.usage === 'client') extensions.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.2'))))
  }
  const altNames = [...(request.dnsNames ?? []).map((d) => tlv(0x82, Buffer.from(d, 'ascii'))), ...(request.ipAddresses ?? []).map((ip) => tlv(0x87, ipBytes(ip)))]
  if (altNames.length) extensions.push(extension('2.5.29.17', false, seq(...altNames)))
  extensions.push(extension('2.5.29.14', false, octets(keyIdentifier(request.publicKey))))
  extensions.push(extension('2.5.29.35', false, seq(tlv(0x80, keyIdentifier(request.issuer.publicKey)))))

  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_RSA,
    name(request.issuer.name),
    seq(utcTime(now), utcTime(until)),
    name(request.subject),
    request.publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(...extensions))
  )
  const signature = sign('sha256', tbs, request.issuer.privateKey)
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trim()
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`
}

export interface KeyPair {
  publicKey: KeyObject
  privateKey: KeyObject
}

/** A new RSA 2048 key pair. */
export function newKeyPair(): KeyPair {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
}

/** The private key as PKCS#8 PEM, as TLS options and key files want it. */
export function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string
}

/** A certificate the key pair signs for itself: a peer trusted as it is, with no CA in between. */
export function selfSignedCertificate(subject: DistinguishedName, keys: KeyPair, options: Omit<CertificateRequest, 'subject' | 'publicKey' | 'issuer'> = {}): string {
  return issueCertificate({ ...options, subject, publicKey: keys.publicKey, issuer: { name: subject, ...keys } })
}
