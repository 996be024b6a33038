/*
| The encrypted storage folder (STORAGE_PATH): attachments and stored documents, already
| encrypted by the storage service. Backups copy its files as they are.
*/
import { createReadStream, existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { Readable } from 'node:stream'

export interface StoredFile {
  /** Path inside the folder, with forward slashes (as zip entries are named). */
  path: string
  absolute: string
  bytes: number
}

export async function listStoredFiles(root: string): Promise<StoredFile[]> {
  if (!existsSync(root)) return []
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  const files: StoredFile[] = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const absolute = join(entry.parentPath, entry.name)
    files.push({ path: relative(root, absolute).split(sep).join('/'), absolute, bytes: (await stat(absolute)).size })
  }
  return files.sort((a, b) => a.path.localeCompare(b.path))
}

export function readStoredFile(file: StoredFile): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(file.absolute)) as ReadableStream<Uint8Array>
}

/** True when `inner` is `outer` or lies inside it: a backup must not land in what it copies. */
export function isInside(inner: string, outer: string) {
  const rel = relative(outer, inner)
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel))
}
