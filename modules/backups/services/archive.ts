/*
| The backup archive: a zip (AES-256 per entry when a password is set, @zip.js/zip.js),
| written as a stream so that a database of gigabytes never sits in memory. Every entry's
| size and SHA-256 are measured on the way in, for the manifest.
*/
import { createHash } from 'node:crypto'
import { createWriteStream, openAsBlob, type WriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { Writable } from 'node:stream'
import { BlobReader, TextWriter, ZipReader, ZipWriter, configure, type FileEntry } from '@zip.js/zip.js'
import { BackupError } from './backup_error.js'
import { MANIFEST_ENTRY, parseManifest, type ArchiveEntry, type Manifest } from './manifest.js'

// Node has native CompressionStream; web workers would only add start-up cost here.
configure({ useWebWorkers: false })

export interface AddOptions {
  signal?: AbortSignal
  /** Uncompressed bytes read so far from this entry's source. */
  onBytes?: (bytes: number) => void
}

/** Hashes and counts the bytes that flow through, without holding them. */
function measuring(onBytes?: (bytes: number) => void) {
  const hash = createHash('sha256')
  let bytes = 0
  const stream = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk)
      bytes += chunk.byteLength
      onBytes?.(bytes)
      controller.enqueue(chunk)
    },
  })
  return { stream, result: () => ({ bytes, sha256: hash.digest('hex') }) }
}

export class ArchiveWriter {
  #file: string
  #out: WriteStream
  #zip: ZipWriter<unknown>
  #password: string | undefined
  entries: ArchiveEntry[] = []

  private constructor(file: string, password: string | undefined, level: number) {
    this.#file = file
    this.#password = password
    this.#out = createWriteStream(file, { flags: 'wx' })
    this.#zip = new ZipWriter(Writable.toWeb(this.#out) as WritableStream, {
      password,
      encryptionStrength: 3,
      level,
      // Databases and storage folders may pass 4 GB: always the 64-bit format.
      zip64: true,
    })
  }

  /** A new archive at `file` (which must not exist: a partial name, renamed when complete). */
  static create(file: string, options: { password?: string | null; level?: number } = {}) {
    return new ArchiveWriter(file, options.password || undefined, options.level ?? 5)
  }

  get encrypted() {
    return Boolean(this.#password)
  }

  async add(path: string, source: ReadableStream<Uint8Array>, options: AddOptions = {}): Promise<ArchiveEntry> {
    const measure = measuring(options.onBytes)
    await this.#zip.add(path, source.pipeThrough(measure.stream), { signal: options.signal })
    const entry = { path, ...measure.result() }
    this.entries.push(entry)
    return entry
  }

  async addManifest(manifest: Manifest) {
    const text = JSON.stringify(manifest, null, 2)
    await this.#zip.add(MANIFEST_ENTRY, new Blob([text]).stream())
  }

  /** Writes the central directory and waits until every byte is on disk. */
  async close() {
    await this.#zip.close()
    if (!this.#out.closed) await new Promise<void>((resolve) => this.#out.once('close', () => resolve()))
  }

  /** Gives up: the partial file is removed, whatever state it was in. */
  async discard() {
    this.#out.destroy()
    await new Promise<void>((resolve) => (this.#out.closed ? resolve() : this.#out.once('close', () => resolve())))
    await rm(this.#file, { force: true })
  }
}

export interface OpenedArchive {
  manifest: Manifest
  encrypted: boolean
  /** Streams an entry's content into `writable`; returns its size and SHA-256. */
  extract(path: string, writable: WritableStream<Uint8Array>, options?: AddOptions): Promise<ArchiveEntry>
  close(): Promise<void>
}

function isPasswordError(error: unknown) {
  return error instanceof Error && /password/i.test(error.message)
}

/**
 * Opens an archive and reads its manifest; a wrong or missing password is known here,
 * before anything else happens.
 */
export async function openArchive(file: string, password?: string | null): Promise<OpenedArchive> {
  let blob: Blob
  try {
    blob = await openAsBlob(file)
  } catch {
    throw new BackupError('file_not_found', { file })
  }
  const reader = new ZipReader(new BlobReader(blob))
  let entries: FileEntry[]
  try {
    entries = (await reader.getEntries()).filter((e): e is FileEntry => !e.directory)
  } catch {
    await reader.close().catch(() => {})
    throw new BackupError('not_an_archive', { file })
  }
  const byName = new Map(entries.map((e) => [e.filename, e]))
  const manifestEntry = byName.get(MANIFEST_ENTRY)
  if (!manifestEntry) {
    await reader.close()
    throw new BackupError('not_an_archive', { file })
  }
  const encrypted = entries.some((e) => e.encrypted)
  if (encrypted && !password) {
    await reader.close()
    throw new BackupError('password_required')
  }
  let text: string
  try {
    text = await manifestEntry.getData(new TextWriter(), { password: password || undefined })
  } catch (error) {
    await reader.close()
    if (isPasswordError(error)) throw new BackupError('wrong_password')
    throw new BackupError('damaged', { detail: error instanceof Error ? error.message : String(error) })
  }
  const manifest = parseManifest(text)
  if (!manifest) {
    await reader.close()
    throw new BackupError('not_an_archive', { file })
  }

  return {
    manifest,
    encrypted,
    async extract(path, writable, options = {}) {
      const entry = byName.get(path)
      if (!entry) throw new BackupError('entry_missing', { entry: path })
      const measure = measuring(options.onBytes)
      const piped = measure.stream.readable.pipeTo(writable, { signal: options.signal })
      piped.catch(() => {}) // awaited below; a failed read must not leave it unhandled meanwhile
      try {
        await entry.getData(measure.stream.writable, { password: password || undefined, signal: options.signal })
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason
        // AES-256 checks 2 bytes of the password first, then the HMAC of the data.
        if (isPasswordError(error) || (encrypted && /signature/i.test(String(error)))) {
          throw new BackupError('wrong_password')
        }
        throw new BackupError('damaged', { detail: error instanceof Error ? error.message : String(error) })
      }
      await piped
      return { path, ...measure.result() }
    },
    close: () => reader.close(),
  }
}

/** A sink that only counts: verifying an entry needs its hash, not its bytes. */
export function discardSink(): WritableStream<Uint8Array> {
  return new WritableStream({ write() {} })
}

/**
 * Re-reads every entry the manifest lists and compares size and SHA-256: what a finished
 * backup must pass before it replaces last week's file, and a restore before it starts.
 */
export async function verifyEntries(archive: OpenedArchive, options: AddOptions = {}) {
  const total = archive.manifest.entries.reduce((sum, e) => sum + e.bytes, 0)
  let done = 0
  for (const expected of archive.manifest.entries) {
    const base = done
    const actual = await archive.extract(expected.path, discardSink(), {
      signal: options.signal,
      onBytes: (bytes) => options.onBytes?.(base + bytes),
    })
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
      throw new BackupError('checksum_mismatch', { entry: expected.path })
    }
    done += expected.bytes
  }
  return total
}
