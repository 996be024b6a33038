/*
| The simulator's own "SanitelCF" key pair and a self-signed X.509 certificate for it, written
| once in a folder and reused: the client encrypts with the certificate exactly as with the real
| one. The certificate is assembled in DER by hand (node:crypto signs but does not issue).
*/
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

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

function name(commonName: string) {
  return seq(set(seq(oid('2.5.4.6'), printable('IT'))), set(seq(oid('2.5.4.10'), utf8('Studio MG simulatore SAC'))), set(seq(oid('2.5.4.3'), utf8(commonName))))
}

/** A self-signed X.509 v3 certificate (PEM) for the key pair. */
export function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, commonName: string, years = 3): string {
  const now = new Date()
  const until = new Date(now.getTime() + years * 365 * 86_400_000)
  const serial = randomBytes(8)
  serial[0] &= 0x7f
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    SHA256_RSA,
    name(commonName),
    seq(utcTime(now), utcTime(until)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' })
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = seq(tbs, SHA256_RSA, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])))
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n').trim()
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`
}

export interface SimulatorKeys {
  certificatePath: string
  certificatePem: string
  privateKey: KeyObject
}

/** The key pair in `dir` (sanitelcf-simulatore.pem / .key), created on first use. */
export async function ensureSimulatorKeys(dir: string): Promise<SimulatorKeys> {
  const certificatePath = join(dir, 'sanitelcf-simulatore.pem')
  const keyPath = join(dir, 'sanitelcf-simulatore.key')
  try {
    const [certificatePem, keyPem] = await Promise.all([readFile(certificatePath, 'utf8'), readFile(keyPath, 'utf8')])
    return { certificatePath, certificatePem, privateKey: createPrivateKey(keyPem) }
  } catch {}
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const certificatePem = selfSignedCertificate(publicKey, privateKey, 'SanitelCF simulatore')
  await mkdir(dir, { recursive: true })
  await writeFile(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 })
  await writeFile(certificatePath, certificatePem)
  return { certificatePath, certificatePem, privateKey }
}
