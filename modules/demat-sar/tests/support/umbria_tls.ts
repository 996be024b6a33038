/*
| Self-signed certificates for the mutual TLS tests: one for the simulator (valid for
| 127.0.0.1), one the simulator trusts for its clients, one it does not know. node:crypto signs
| but does not issue certificates, so the DER is assembled here.
*/
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'

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
const utf8 = (value: string) => tlv(0x0c, Buffer.from(value, 'utf8'))

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

const integer = (value: Buffer) => tlv(0x02, value[0] & 0x80 ? Buffer.concat([Buffer.from([0]), value]) : value)

function utcTime(date: Date): Buffer {
  const iso = date.toISOString()
  return tlv(0x17, Buffer.from(iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z', 'ascii'))
}

const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]))

function certificate(commonName: string, publicKey: KeyObject, privateKey: KeyObject): string {
  const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))))
  const now = Date.now()
  // subjectAltName with iPAddress 127.0.0.1 and dNSName localhost: the client checks the host.
  const san = seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x87, Buffer.from([127, 0, 0, 1])), tlv(0x82, Buffer.from('localhost', 'ascii')))))
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(randomBytes(8)),
    SHA256_RSA,
    name,
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(san))
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`
}

export interface TlsIdentity {
  cert: string
  key: string
}

export function tlsIdentity(commonName: string): TlsIdentity {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return { cert: certificate(commonName, publicKey, privateKey), key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
}
