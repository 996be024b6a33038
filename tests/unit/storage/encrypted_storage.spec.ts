import { test } from '@japa/runner'
import { readFile, writeFile, readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { Readable } from 'node:stream'
import { randomBytes, createHash } from 'node:crypto'
import env from '#start/env'
import {
  keyIdOf,
  readDecrypted,
  readDecryptedBuffer,
  reencryptStored,
  removeStored,
  StorageIntegrityError,
  StorageKeyMissingError,
  StorageReadError,
  storeEncrypted,
  storedPath,
} from '#services/storage/encrypted_storage'
import { parseStorageKeys } from '#services/storage/keyring'

const KEY_A = 'a'.repeat(20) + randomBytes(16).toString('hex')
const KEY_B = 'b'.repeat(20) + randomBytes(16).toString('hex')

/** Runs a block with STORAGE_KEY set as given (undefined: not set), then restores it. */
async function withStorageKey<T>(value: string | undefined, block: () => Promise<T>): Promise<T> {
  const saved = process.env.STORAGE_KEY
  const apply = (v: string | undefined) => {
    env.set('STORAGE_KEY', v as any)
    // Env.set writes the string "undefined" into process.env: remove it.
    if (v === undefined) delete process.env.STORAGE_KEY
  }
  apply(value)
  try {
    return await block()
  } finally {
    apply(saved)
  }
}

const store = (content: Buffer | string) => storeEncrypted(Readable.from([Buffer.from(content)]))

test.group('encrypted storage', () => {
  test('round trip: the stored bytes are not the plaintext, reading gives the original back', async ({ assert }) => {
    const plain = Buffer.concat([Buffer.from('Referto di Mario Rossi — dati sanitari. '), randomBytes(300_000)])
    const stored = await storeEncrypted(Readable.from([plain.subarray(0, 1000), plain.subarray(1000)]))
    const onDisk = await readFile(storedPath(stored.storageKey))
    assert.equal(onDisk.subarray(0, 4).toString(), 'SMG1')
    assert.equal(onDisk.indexOf(Buffer.from('Mario Rossi')), -1)
    assert.equal(onDisk.length, plain.length + 4 + 1 + 12 + 16)
    assert.equal(stored.sizeBytes, plain.length)
    assert.equal(stored.sha256, createHash('sha256').update(plain).digest('hex'))
    assert.isTrue((await readDecryptedBuffer(stored.storageKey)).equals(plain))
    await removeStored(stored.storageKey)
  })

  test('the same content stored twice gives different ciphertexts (random IV per file)', async ({ assert }) => {
    const first = await store('stesso contenuto')
    const second = await store('stesso contenuto')
    const a = await readFile(storedPath(first.storageKey))
    const b = await readFile(storedPath(second.storageKey))
    assert.isFalse(a.subarray(5, 17).equals(b.subarray(5, 17)))
    assert.isFalse(a.equals(b))
    await removeStored(first.storageKey)
    await removeStored(second.storageKey)
  })

  test('an empty file round-trips', async ({ assert }) => {
    const stored = await store('')
    assert.equal(stored.sizeBytes, 0)
    assert.equal((await readDecryptedBuffer(stored.storageKey)).length, 0)
    await removeStored(stored.storageKey)
  })

  test('a tampered byte of content, header or tag is detected before any plaintext is given', async ({ assert }) => {
    for (const position of [2, 4, 8, 25, -1]) {
      const stored = await store('contenuto originale del file, abbastanza lungo')
      const path = storedPath(stored.storageKey)
      const bytes = await readFile(path)
      bytes[position < 0 ? bytes.length + position : position] ^= 0x01
      await writeFile(path, bytes)
      // The key id byte (4) may turn into an id that is not configured: also a refusal.
      await assert.rejects(() => readDecrypted(stored.storageKey), StorageReadError)
      await removeStored(stored.storageKey)
    }
  })

  test('a truncated file is refused', async ({ assert }) => {
    const stored = await store('contenuto che verrà troncato')
    const path = storedPath(stored.storageKey)
    await writeFile(path, (await readFile(path)).subarray(0, 20))
    await assert.rejects(() => readDecrypted(stored.storageKey), StorageIntegrityError)
    await removeStored(stored.storageKey)
  })

  test('a different key cannot read the file', async ({ assert }) => {
    const stored = await withStorageKey(KEY_A, () => store('segreto'))
    await withStorageKey(KEY_B, () => assert.rejects(() => readDecryptedBuffer(stored.storageKey), StorageIntegrityError))
    assert.equal((await withStorageKey(KEY_A, () => readDecryptedBuffer(stored.storageKey))).toString(), 'segreto')
    await removeStored(stored.storageKey)
  })

  test('keys rotate: old files stay readable with the old key listed, re-encryption moves them to the new one', async ({ assert }) => {
    const old = await withStorageKey(`2:${KEY_A}`, () => store('referto del 2020'))
    assert.equal(await keyIdOf(old.storageKey), 2)
    await withStorageKey(`3:${KEY_B},2:${KEY_A}`, async () => {
      assert.equal((await readDecryptedBuffer(old.storageKey)).toString(), 'referto del 2020')
      const fresh = await store('referto nuovo')
      assert.equal(await keyIdOf(fresh.storageKey), 3)
      assert.isTrue(await reencryptStored(old.storageKey))
      assert.isFalse(await reencryptStored(old.storageKey))
      await removeStored(fresh.storageKey)
    })
    await withStorageKey(`3:${KEY_B}`, async () => {
      assert.equal(await keyIdOf(old.storageKey), 3)
      assert.equal((await readDecryptedBuffer(old.storageKey)).toString(), 'referto del 2020')
    })
    const leftovers = (await readdir(dirname(storedPath(old.storageKey)))).filter((f) => f.endsWith('.part'))
    assert.lengthOf(leftovers, 0)
    await removeStored(old.storageKey)
  })

  test('a file whose key was dropped says which key is missing', async ({ assert }) => {
    const stored = await withStorageKey(`7:${KEY_A}`, () => store('vecchio'))
    await withStorageKey(`8:${KEY_B}`, () => assert.rejects(() => readDecrypted(stored.storageKey), StorageKeyMissingError))
    await removeStored(stored.storageKey)
  })

  test('without STORAGE_KEY the key derived from APP_KEY is used (id 1)', async ({ assert }) => {
    const stored = await withStorageKey(undefined, () => store('chiave di default'))
    assert.equal(await keyIdOf(stored.storageKey), 1)
    await removeStored(stored.storageKey)
  })

  test('short or badly numbered STORAGE_KEY values are refused', ({ assert }) => {
    assert.throws(() => parseStorageKeys('corta'), /32/)
    assert.throws(() => parseStorageKeys(`1:${KEY_A}`), /2 to 255/)
    assert.deepEqual(parseStorageKeys(`${KEY_A}`), [{ id: 2, secret: KEY_A }])
  })

  test('a failing source leaves no file behind', async ({ assert }) => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('inizio'))
        this.destroy(new Error('upload interrotto'))
      },
    })
    await assert.rejects(() => storeEncrypted(failing, 'test-failing'), /upload interrotto/)
    const folder = storedPath('test-failing')
    const files = existsSync(folder) ? await readdir(folder, { recursive: true, withFileTypes: true }) : []
    assert.lengthOf(files.filter((f) => f.isFile()), 0)
  })

  test('storage keys cannot escape the storage folder', async ({ assert }) => {
    await assert.rejects(() => readDecryptedBuffer('../../etc/passwd'), /Invalid storage key/)
    await assert.rejects(() => readDecryptedBuffer('attachments/../../x'), /Invalid storage key/)
  })
})
