/*
| RS256 JSON Web Tokens with node:crypto. The Umbria SAR wants two per call: the
| authentication token (`Authorization: Bearer`) and the signature token
| (`FSE-JWT-Signature`), both signed with the producer's signing key and carrying its
| certificate in `x5c` (public OpenAPI and request collection of the SAR).
*/
import { createHash, createPublicKey, createSign, createVerify, randomUUID, type KeyObject } from 'node:crypto'

export interface JwtHeader {
  alg: 'RS256'
  typ: 'JWT'
  x5c?: string[]
}

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url')

export function signJwt(payload: Record<string, unknown>, privateKey: KeyObject | string, certificateDer?: string | null): string {
  const header: JwtHeader = { alg: 'RS256', typ: 'JWT', ...(certificateDer ? { x5c: [certificateDer] } : {}) }
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`
  const signature = createSign('RSA-SHA256').update(body).sign(privateKey)
  return `${body}.${b64url(signature)}`
}

export class JwtInvalid extends Error {}

export interface DecodedJwt {
  header: JwtHeader
  payload: Record<string, any>
}

/** Decodes and checks the signature and the time window; the caller checks the claims. */
export function verifyJwt(token: string, publicKey: KeyObject | string, now = Math.floor(Date.now() / 1000)): DecodedJwt {
  const parts = token.split('.')
  if (parts.length !== 3) throw new JwtInvalid('token non in formato JWT')
  let header: JwtHeader
  let payload: Record<string, any>
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    throw new JwtInvalid('token non leggibile')
  }
  if (header.alg !== 'RS256') throw new JwtInvalid(`algoritmo non ammesso: ${header.alg}`)
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey
  const ok = createVerify('RSA-SHA256').update(`${parts[0]}.${parts[1]}`).verify(key, Buffer.from(parts[2], 'base64url'))
  if (!ok) throw new JwtInvalid('firma del token non valida')
  if (typeof payload.exp === 'number' && payload.exp < now - 30) throw new JwtInvalid('token scaduto')
  if (typeof payload.iat === 'number' && payload.iat > now + 300) throw new JwtInvalid('token emesso nel futuro')
  return { header, payload }
}

export const newJti = () => randomUUID()

export const sha256Hex = (body: string) => createHash('sha256').update(body).digest('hex')
