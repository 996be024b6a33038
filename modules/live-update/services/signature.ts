/*
| Ed25519 over the exact bytes of manifest.json (node:crypto, no extra library). The public
| key comes as base64 of the 32 raw bytes or as PEM; manifest.sig holds the base64 signature.
*/
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { UpdateError } from './update_error.js'

export function parsePublicKey(text: string): KeyObject {
  const value = text.trim()
  try {
    if (value.includes('-----BEGIN')) {
      const key = createPublicKey(value)
      if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519')
      return key
    }
    const raw = Buffer.from(value, 'base64')
    if (raw.length !== 32) throw new Error('not 32 bytes')
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' })
  } catch {
    throw new UpdateError('bad_public_key')
  }
}

/** base64 of the 32 raw bytes: the short form to put in UPDATE_PUBLIC_KEY. */
export function rawPublicKey(key: KeyObject): string {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('base64')
}

export function generateFeedKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: rawPublicKey(publicKey),
  }
}

export function publicKeyOfPrivate(privateKeyPem: string): string {
  return rawPublicKey(createPublicKey(createPrivateKey(privateKeyPem)))
}

export function signManifest(manifest: Buffer, privateKeyPem: string): string {
  return sign(null, manifest, createPrivateKey(privateKeyPem)).toString('base64')
}

/** Throws `bad_signature` unless `signature` (base64) signs exactly these bytes. */
export function verifyManifest(manifest: Buffer, signature: string, publicKey: KeyObject) {
  const bytes = Buffer.from(signature.trim(), 'base64')
  let ok = false
  try {
    ok = bytes.length === 64 && verify(null, manifest, publicKey, bytes)
  } catch {
    ok = false
  }
  if (!ok) throw new UpdateError('bad_signature')
}
