/*
| The simulator's own "SanitelCF" key pair and a self-signed X.509 certificate for it, written
| once in a folder and reused: the client encrypts with the certificate exactly as with the real
| one.
*/
import { createPrivateKey, type KeyObject } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { newKeyPair, privateKeyPem, selfSignedCertificate, type DistinguishedName } from '#services/demat/simulator_certificates'

const SUBJECT: DistinguishedName = [['C', 'IT'], ['O', 'Studio MG simulatore SAC'], ['CN', 'SanitelCF simulatore']]

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
  const keys = newKeyPair()
  // Three years: the studio warns 60 days before a SanitelCF certificate expires (spec §6.1), and this one is kept between runs.
  const certificatePem = selfSignedCertificate(SUBJECT, keys, { usage: 'encryption', days: 3 * 365 })
  await mkdir(dir, { recursive: true })
  await writeFile(keyPath, privateKeyPem(keys.privateKey), { mode: 0o600 })
  await writeFile(certificatePath, certificatePem)
  return { certificatePath, certificatePem, privateKey: keys.privateKey }
}
