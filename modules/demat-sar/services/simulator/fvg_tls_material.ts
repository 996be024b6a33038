/*
| The certificates the FVG simulator and its clients need, made up on the spot: a test CA, the
| server's certificate (localhost, 127.0.0.1), one "regional card" per doctor for mutual TLS (the
| CF in serialNumber as `TINIT-<CF>`, as on the Italian CNS/CRS) and the certificate that encrypts
| the patient's CF. Kept in a folder so the app can be pointed at them between runs.
*/
import { createPrivateKey, createPublicKey } from 'node:crypto'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { issueCertificate, newKeyPair, privateKeyPem, selfSignedCertificate, type DistinguishedName } from '#services/demat/simulator_certificates'

export interface PemPair {
  cert: string
  key: string
}

export interface FvgTlsMaterial {
  ca: PemPair
  server: PemPair
  /** Doctor's card by fiscal code. */
  cards: Map<string, PemPair>
  /** Encrypts the patient's CF (codiceAss). */
  encryption: PemPair
}

const ORG = 'Regione Autonoma Friuli Venezia Giulia - simulatore'
const CA_NAME: DistinguishedName = [['C', 'IT'], ['O', ORG], ['CN', 'CA di prova del simulatore SAR FVG']]

function caIssuer(ca: PemPair) {
  const privateKey = createPrivateKey(ca.key)
  return { name: CA_NAME, privateKey, publicKey: createPublicKey(privateKey) }
}

export function issueCard(ca: PemPair, fiscalCode: string): PemPair {
  const keys = newKeyPair()
  const cert = issueCertificate({
    subject: [['C', 'IT'], ['O', ORG], ['CN', `${fiscalCode}/carta di prova`], ['serialNumber', `TINIT-${fiscalCode}`]],
    publicKey: keys.publicKey,
    issuer: caIssuer(ca),
    usage: 'client',
  })
  return { cert, key: privateKeyPem(keys.privateKey) }
}

/** A complete new set. */
export function createFvgTlsMaterial(doctors: string[] = []): FvgTlsMaterial {
  const caKeys = newKeyPair()
  const caIssuerSelf = { name: CA_NAME, privateKey: caKeys.privateKey, publicKey: caKeys.publicKey }
  const ca: PemPair = { cert: selfSignedCertificate(CA_NAME, caKeys, { ca: true, days: 3650 }), key: privateKeyPem(caKeys.privateKey) }
  const serverKeys = newKeyPair()
  const server: PemPair = {
    cert: issueCertificate({
      subject: [['C', 'IT'], ['O', ORG], ['CN', 'localhost']],
      publicKey: serverKeys.publicKey,
      issuer: caIssuerSelf,
      usage: 'server',
      dnsNames: ['localhost'],
      ipAddresses: ['127.0.0.1'],
    }),
    key: privateKeyPem(serverKeys.privateKey),
  }
  const encryptionKeys = newKeyPair()
  const encryption: PemPair = {
    cert: issueCertificate({
      subject: [['C', 'IT'], ['O', ORG], ['CN', 'Cifratura codice fiscale assistito (simulatore)']],
      publicKey: encryptionKeys.publicKey,
      issuer: caIssuerSelf,
      usage: 'encryption',
    }),
    key: privateKeyPem(encryptionKeys.privateKey),
  }
  const cards = new Map(doctors.map((cf) => [cf, issueCard(ca, cf)]))
  return { ca, server, cards, encryption }
}

const FILES = { ca: 'ca', server: 'server', encryption: 'cifratura-cf' } as const

/** The set kept in `dir`, created on first use; cards missing for `doctors` are added. */
export async function ensureFvgTlsMaterial(dir: string, doctors: string[] = []): Promise<FvgTlsMaterial> {
  let material: FvgTlsMaterial
  try {
    const read = async (base: string): Promise<PemPair> => ({
      cert: await readFile(join(dir, `${base}.pem`), 'utf8'),
      key: await readFile(join(dir, `${base}.key`), 'utf8'),
    })
    material = { ca: await read(FILES.ca), server: await read(FILES.server), encryption: await read(FILES.encryption), cards: new Map() }
    for (const file of await readdir(dir)) {
      const match = /^carta-([A-Z0-9]{16})\.pem$/.exec(file)
      if (match) material.cards.set(match[1], await read(`carta-${match[1]}`))
    }
  } catch {
    material = createFvgTlsMaterial()
  }
  for (const cf of doctors) if (!material.cards.has(cf)) material.cards.set(cf, issueCard(material.ca, cf))
  await writeFvgTlsMaterial(dir, material)
  return material
}

export async function writeFvgTlsMaterial(dir: string, material: FvgTlsMaterial) {
  await mkdir(dir, { recursive: true })
  const write = async (base: string, pair: PemPair) => {
    await writeFile(join(dir, `${base}.pem`), pair.cert)
    await writeFile(join(dir, `${base}.key`), pair.key, { mode: 0o600 })
  }
  await write(FILES.ca, material.ca)
  await write(FILES.server, material.server)
  await write(FILES.encryption, material.encryption)
  for (const [cf, card] of material.cards) await write(`carta-${cf}`, card)
}

/** File names inside the folder, for messages and for the env variables. */
export function fvgTlsPaths(dir: string, fiscalCode?: string) {
  return {
    ca: join(dir, `${FILES.ca}.pem`),
    encryption: join(dir, `${FILES.encryption}.pem`),
    cardCert: join(dir, `carta-${fiscalCode ?? '{cf}'}.pem`),
    cardKey: join(dir, `carta-${fiscalCode ?? '{cf}'}.key`),
  }
}
