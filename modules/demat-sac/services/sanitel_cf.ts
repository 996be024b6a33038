/*
| The SanitelCF certificate: its RSA public key encrypts the pincode and the patient's CF,
| PKCS#1 v1.5 padding then base64, as `openssl rsautl -encrypt -certin -pkcs` (spec §6.1).
| Random padding: the same value gives a different ciphertext on every call.
*/
import { constants, createPublicKey, publicEncrypt, X509Certificate, type KeyObject } from 'node:crypto'
import { readFile } from 'node:fs/promises'

export class SanitelCertificate {
  readonly key: KeyObject
  readonly validTo: Date

  constructor(readonly pem: string) {
    const certificate = new X509Certificate(pem)
    this.key = createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' }))
    this.validTo = new Date(certificate.validTo)
  }

  static async fromFile(path: string) {
    return new SanitelCertificate(await readFile(path, 'utf8'))
  }

  encrypt(value: string): string {
    return publicEncrypt({ key: this.key, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(value, 'utf8')).toString('base64')
  }

  /** Days left before the certificate expires (spec §6.1: alert 60 days before). */
  daysLeft(now = new Date()) {
    return Math.floor((this.validTo.getTime() - now.getTime()) / 86_400_000)
  }
}
