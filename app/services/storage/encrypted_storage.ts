/*
| Files at rest (attachments, generated PDFs, backups) are stored encrypted with AES-256-GCM.
| File layout: "SMG1" | key id (1 byte) | IV (12 bytes) | ciphertext | auth tag (16 bytes).
| The key is STORAGE_KEY when set, otherwise derived from APP_KEY with HKDF. Rotation: add the
| new key with a higher id to `keys()`, keep the old one for reading, re-encrypt in a job.
*/
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import env from '#start/env'
import { appKey } from '#config/app'
import { storagePath } from '#config/studio'

const MAGIC = Buffer.from('SMG1')
const HEADER = MAGIC.length + 1 + 12
const TAG = 16
const CURRENT_KEY_ID = 1

export class StorageIntegrityError extends Error {
  constructor(key: string) {
    super(`Il file ${key} è danneggiato o è stato alterato: non può essere letto.`)
  }
}

function keys(): Map<number, Buffer> {
  const configured = env.get('STORAGE_KEY') as unknown as { release(): string } | string | undefined
  const secret = typeof configured === 'string' ? configured : (configured?.release() ?? appKey)
  const key = Buffer.from(hkdfSync('sha256', secret, 'studio-mg', 'file-storage-v1', 32))
  return new Map([[CURRENT_KEY_ID, key]])
}

function pathOf(storageKey: string) {
  if (!/^[a-z0-9/_-]+$/i.test(storageKey)) throw new Error('invalid storage key')
  return join(storagePath, storageKey)
}

export interface StoredFile {
  storageKey: string
  sizeBytes: number
  sha256: string
}

/** Encrypts a stream to a new file; written to a temporary name, renamed when complete. */
export async function storeEncrypted(source: Readable, folder = 'attachments'): Promise<StoredFile> {
  const storageKey = `${folder}/${randomUUID()}`
  const target = pathOf(storageKey)
  await mkdir(dirname(target), { recursive: true })
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keys().get(CURRENT_KEY_ID)!, iv)
  const hash = createHash('sha256')
  let size = 0
  const measure = new Transform({
    transform(chunk, _enc, done) {
      hash.update(chunk)
      size += chunk.length
      done(null, chunk)
    },
  })
  const temporary = `${target}.part`
  const out = createWriteStream(temporary)
  out.write(Buffer.concat([MAGIC, Buffer.from([CURRENT_KEY_ID]), iv]))
  try {
    await pipeline(source, measure, cipher, out, { end: false } as any)
    await new Promise<void>((resolve, reject) => out.end(cipher.getAuthTag(), (e?: Error | null) => (e ? reject(e) : resolve())))
    await rename(temporary, target)
  } catch (error) {
    out.destroy()
    await rm(temporary, { force: true })
    throw error
  }
  return { storageKey, sizeBytes: size, sha256: hash.digest('hex') }
}

export async function storeEncryptedFile(path: string, folder?: string) {
  return storeEncrypted(createReadStream(path), folder)
}

/**
 * A stream of the decrypted content. The auth tag is checked before the first byte is
 * released, so a tampered file never reaches the user as if it were good.
 */
export async function readDecrypted(storageKey: string): Promise<Readable> {
  const path = pathOf(storageKey)
  const { size } = await stat(path)
  const handle = await open(path, 'r')
  try {
    const header = Buffer.alloc(HEADER)
    await handle.read(header, 0, HEADER, 0)
    const tag = Buffer.alloc(TAG)
    await handle.read(tag, 0, TAG, size - TAG)
    if (!header.subarray(0, 4).equals(MAGIC)) throw new StorageIntegrityError(storageKey)
    const key = keys().get(header[4])
    if (!key) throw new StorageIntegrityError(storageKey)
    const iv = header.subarray(5, HEADER)
    // First pass: verify the tag without keeping the plaintext.
    const check = createDecipheriv('aes-256-gcm', key, iv).setAuthTag(tag)
    try {
      await pipeline(createReadStream(path, { start: HEADER, end: size - TAG - 1 }), check, async function* (s) {
        for await (const _ of s) {
        }
      })
    } catch {
      throw new StorageIntegrityError(storageKey)
    }
    const decipher = createDecipheriv('aes-256-gcm', key, iv).setAuthTag(tag)
    return createReadStream(path, { start: HEADER, end: size - TAG - 1 }).pipe(decipher)
  } finally {
    await handle.close()
  }
}

export async function readDecryptedBuffer(storageKey: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await readDecrypted(storageKey)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function removeStored(storageKey: string) {
  await rm(pathOf(storageKey), { force: true })
}

export function storedPath(storageKey: string) {
  return pathOf(storageKey)
}
