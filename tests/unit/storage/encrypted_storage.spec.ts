import { test } from '@japa/runner'
import { readFile, writeFile } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { randomBytes, createHash } from 'node:crypto'
import {
  readDecryptedBuffer,
  removeStored,
  StorageIntegrityError,
  storeEncrypted,
  storedPath,
} from '#services/storage/encrypted_storage'

test.group('encrypted storage', () => {
  test('round trip: what is stored is encrypted, what is read is the original', async ({ assert }) => {
    const plain = Buffer.concat([Buffer.from('Referto di Mario Rossi — dati sanitari. '), randomBytes(300_000)])
    const stored = await storeEncrypted(Readable.from([plain]))
    const onDisk = await readFile(storedPath(stored.storageKey))
    assert.equal(onDisk.subarray(0, 4).toString(), 'SMG1')
    assert.equal(onDisk.indexOf(Buffer.from('Mario Rossi')), -1)
    assert.equal(stored.sizeBytes, plain.length)
    assert.equal(stored.sha256, createHash('sha256').update(plain).digest('hex'))
    assert.isTrue((await readDecryptedBuffer(stored.storageKey)).equals(plain))
    await removeStored(stored.storageKey)
  })

  test('a tampered file is refused, not returned altered', async ({ assert }) => {
    const stored = await storeEncrypted(Readable.from([Buffer.from('contenuto originale del file')]))
    const path = storedPath(stored.storageKey)
    const bytes = await readFile(path)
    bytes[25] ^= 0xff
    await writeFile(path, bytes)
    await assert.rejects(() => readDecryptedBuffer(stored.storageKey), StorageIntegrityError)
    await removeStored(stored.storageKey)
  })

  test('a different key cannot read the file', async ({ assert }) => {
    const stored = await storeEncrypted(Readable.from([Buffer.from('segreto')]))
    const saved = process.env.STORAGE_KEY
    process.env.STORAGE_KEY = 'another-key-entirely-different-0000'
    try {
      const env = (await import('#start/env')).default
      env.set('STORAGE_KEY', process.env.STORAGE_KEY)
      await assert.rejects(() => readDecryptedBuffer(stored.storageKey), StorageIntegrityError)
    } finally {
      const env = (await import('#start/env')).default
      if (saved === undefined) delete process.env.STORAGE_KEY
      else process.env.STORAGE_KEY = saved
      env.set('STORAGE_KEY', saved as any)
      await removeStored(stored.storageKey)
    }
  })

  test('storage keys cannot escape the storage folder', async ({ assert }) => {
    await assert.rejects(() => readDecryptedBuffer('../../etc/passwd'))
  })
})
