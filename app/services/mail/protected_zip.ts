/*
| The 'protected attachment' of the whole product: files in a zip encrypted with AES-256
| (WinZip AE-2, opened by 7-Zip, WinZip, macOS and Windows tools that know AES), and a
| password that travels by another message.
*/
import { randomInt } from 'node:crypto'
import { BlobWriter, ZipWriter, Uint8ArrayReader } from '@zip.js/zip.js'

export interface ZipEntry {
  filename: string
  content: Buffer | Uint8Array
}

export async function protectedZip(entries: ZipEntry[], password: string): Promise<Buffer> {
  const writer = new ZipWriter(new BlobWriter('application/zip'), {
    password,
    encryptionStrength: 3, // AES-256
    zipCrypto: false,
  })
  for (const entry of entries) await writer.add(entry.filename, new Uint8ArrayReader(new Uint8Array(entry.content)))
  const blob = await writer.close()
  return Buffer.from(await blob.arrayBuffer())
}

// No 0/O, 1/l/I: the password is often read from a phone and typed on a PC.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789'

export function generateZipPassword(length = 12): string {
  let password = ''
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)]
  return password
}
