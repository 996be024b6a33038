/*
| Files at rest (attachments, generated PDFs, backups) are stored encrypted with AES-256-GCM
| under STORAGE_PATH. File layout:
|
|   "SMG1" | key id (1 byte) | IV (12 random bytes) | ciphertext | auth tag (16 bytes)
|
| The header is authenticated with the content (GCM additional data), so neither the key id
| nor the IV can be altered unnoticed. Keys and their rotation: see keyring.ts.
| Writing streams from the source to "<name>.part" and renames when complete, so a reader
| never sees half a file; the sha256 of the plaintext is computed on the way.
*/
import { createCipheriv, createDecipheriv, createHash, type Decipheriv, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline as callbackPipeline, type Readable, Transform, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { storagePath } from '#config/studio'
import { keyring } from '#services/storage/keyring'

const MAGIC = Buffer.from('SMG1')
const IV_BYTES = 12
const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES
const TAG_BYTES = 16

/** A stored file cannot be read back. */
export class StorageReadError extends Error {}

/** The content or its header was altered, or it was encrypted with another key. */
export class StorageIntegrityError extends StorageReadError {
  constructor(storageKey: string) {
    super(`Stored file ${storageKey} is damaged or was altered (authentication failed)`)
  }
}

/** The file names a key id this installation does not have (any more). */
export class StorageKeyMissingError extends StorageReadError {
  constructor(storageKey: string, keyId: number) {
    super(`Stored file ${storageKey} needs storage key id ${keyId}, which is not configured`)
  }
}

export interface StoredFile {
  storageKey: string
  sizeBytes: number
  sha256: string
}

function pathOf(storageKey: string) {
  if (!/^[a-z0-9_-]+(\/[a-z0-9_-]+)*$/i.test(storageKey)) throw new Error(`Invalid storage key: ${storageKey}`)
  return join(storagePath, storageKey)
}

function newStorageKey(folder: string) {
  const id = randomUUID()
  // Two-character shards keep folders small with hundreds of thousands of files.
  return `${folder}/${id.slice(0, 2)}/${id}`
}

/** Hashes and counts the plaintext, then encrypts it: header first, auth tag last. */
function encryptor(key: Buffer, keyId: number) {
  const header = Buffer.concat([MAGIC, Buffer.from([keyId]), randomBytes(IV_BYTES)])
  const cipher = createCipheriv('aes-256-gcm', key, header.subarray(MAGIC.length + 1))
  cipher.setAAD(header)
  const hash = createHash('sha256')
  let size = 0
  let headerSent = false
  const sendHeader = (stream: Transform) => {
    if (!headerSent) stream.push(header)
    headerSent = true
  }
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      sendHeader(this)
      hash.update(chunk)
      size += chunk.length
      done(null, cipher.update(chunk))
    },
    flush(done) {
      sendHeader(this)
      this.push(cipher.final())
      this.push(cipher.getAuthTag())
      done()
    },
  })
  return { transform, result: () => ({ sizeBytes: size, sha256: hash.digest('hex') }) }
}

/** Encrypts a stream into a new stored file. Nothing is left behind if it fails. */
export async function storeEncrypted(source: Readable, folder = 'attachments'): Promise<StoredFile> {
  const storageKey = newStorageKey(folder)
  const target = pathOf(storageKey)
  await mkdir(dirname(target), { recursive: true, mode: 0o700 })
  const ring = keyring()
  const { transform, result } = encryptor(ring.keys.get(ring.currentId)!, ring.currentId)
  const partial = `${target}.part`
  try {
    await pipeline(source, transform, createWriteStream(partial, { flags: 'wx', mode: 0o600 }))
    await rename(partial, target)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  return { storageKey, ...result() }
}

/** Encrypts a file (an upload's temporary file); a missing file rejects before anything is written. */
export async function storeEncryptedFile(path: string, folder?: string) {
  const handle = await open(path, 'r')
  return storeEncrypted(handle.createReadStream(), folder)
}

interface OpenedFile {
  path: string
  header: Buffer
  tag: Buffer
  key: Buffer
  keyId: number
  cipherEnd: number
}

async function readEnvelope(storageKey: string) {
  const path = pathOf(storageKey)
  const { size } = await stat(path)
  if (size < HEADER_BYTES + TAG_BYTES) throw new StorageIntegrityError(storageKey)
  const handle = await open(path, 'r')
  const header = Buffer.alloc(HEADER_BYTES)
  const tag = Buffer.alloc(TAG_BYTES)
  try {
    await handle.read(header, 0, HEADER_BYTES, 0)
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES)
  } finally {
    await handle.close()
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new StorageIntegrityError(storageKey)
  return { path, header, tag, keyId: header[MAGIC.length], cipherEnd: size - TAG_BYTES - 1 }
}

async function openStored(storageKey: string): Promise<OpenedFile> {
  const envelope = await readEnvelope(storageKey)
  const key = keyring().keys.get(envelope.keyId)
  if (!key) throw new StorageKeyMissingError(storageKey, envelope.keyId)
  return { ...envelope, key }
}

/** The plaintext of a stored file; the stream errors at its end if the auth tag does not match. */
function decrypting(file: OpenedFile): Readable {
  const decipher = createDecipheriv('aes-256-gcm', file.key, file.header.subarray(MAGIC.length + 1))
  decipher.setAAD(file.header)
  decipher.setAuthTag(file.tag)
  if (file.cipherEnd < HEADER_BYTES) return decipher.end() as Decipheriv
  return callbackPipeline(createReadStream(file.path, { start: HEADER_BYTES, end: file.cipherEnd }), decipher, () => {})
}

/** Decrypts the whole file once, keeping nothing, to prove it authentic. */
async function verify(file: OpenedFile, storageKey: string) {
  try {
    await pipeline(decrypting(file), new Writable({ write: (_chunk, _encoding, done) => done() }))
  } catch {
    throw new StorageIntegrityError(storageKey)
  }
}

/**
 * The decrypted content as a stream. GCM only authenticates at the end, so the file is first
 * verified in full (nothing kept in memory) and only then streamed: a tampered file is refused
 * before its first byte could reach a user as if it were good.
 */
export async function readDecrypted(storageKey: string): Promise<Readable> {
  const file = await openStored(storageKey)
  await verify(file, storageKey)
  return decrypting(file)
}

export async function readDecryptedBuffer(storageKey: string): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await readDecrypted(storageKey)) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The id of the key a stored file was encrypted with. */
export async function keyIdOf(storageKey: string) {
  return (await readEnvelope(storageKey)).keyId
}

/**
 * Re-encrypts a stored file with the current key, in place (same storage key), after a key
 * rotation. Returns false when it already used the current key.
 */
export async function reencryptStored(storageKey: string): Promise<boolean> {
  const file = await openStored(storageKey)
  const ring = keyring()
  if (file.keyId === ring.currentId) return false
  await verify(file, storageKey)
  const { transform } = encryptor(ring.keys.get(ring.currentId)!, ring.currentId)
  const partial = `${file.path}.part`
  try {
    await pipeline(decrypting(file), transform, createWriteStream(partial, { flags: 'wx', mode: 0o600 }))
    await rename(partial, file.path)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
  return true
}

export async function removeStored(storageKey: string) {
  await rm(pathOf(storageKey), { force: true })
}

/** Where a stored file lives on disk (for backups and tests; its bytes are ciphertext). */
export function storedPath(storageKey: string) {
  return pathOf(storageKey)
}
