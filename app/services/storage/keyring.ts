/*
| The keys of the encrypted storage. Every stored file names, in its header, the id of the key
| that encrypted it, so keys can rotate without breaking old files:
|
|   id 1      derived with HKDF from APP_KEY (the default when STORAGE_KEY is not set);
|   STORAGE_KEY="secret"                 → id 2 encrypts new files;
|   STORAGE_KEY="3:new-secret,2:old-one" → id 3 encrypts new files, 2 (and 1) still decrypt.
|
| Rotation: put the new key first with a new id (2–255), keep the old ones after it, restart,
| re-encrypt the existing files (`reencryptStored`), then drop the old key. Losing a key loses
| its files: back STORAGE_KEY up apart from the data. Secrets must be random, 32+ characters
| (HKDF stretches nothing: it only derives a 256-bit key from an already strong secret).
*/
import { hkdfSync } from 'node:crypto'
import env from '#start/env'
import { appKey } from '#config/app'

export const APP_KEY_ID = 1
const DEFAULT_STORAGE_KEY_ID = 2
const MIN_SECRET_LENGTH = 32

export interface Keyring {
  currentId: number
  keys: Map<number, Buffer>
}

const derived = new Map<string, Buffer>()

function derive(secret: string): Buffer {
  let key = derived.get(secret)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, 'studio-mg', 'file-storage-v1', 32))
    derived.set(secret, key)
  }
  return key
}

/** STORAGE_KEY as a string, whether env gives it as a Secret or (in tests) as set at run time. */
function storageKeySetting(): string | undefined {
  const value = env.get('STORAGE_KEY') as unknown as { release(): string } | string | undefined
  const text = typeof value === 'string' ? value : value?.release()
  return text?.trim() || undefined
}

export function parseStorageKeys(setting: string): { id: number; secret: string }[] {
  const entries = setting.split(',').map((part) => part.trim()).filter(Boolean)
  return entries.map((entry) => {
    const match = /^(\d{1,3}):(.+)$/.exec(entry)
    const id = match ? Number(match[1]) : DEFAULT_STORAGE_KEY_ID
    const secret = match ? match[2] : entry
    if (id < 2 || id > 255) throw new Error('STORAGE_KEY: key ids go from 2 to 255 (1 is the key derived from APP_KEY)')
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`STORAGE_KEY: each key must be a random secret of at least ${MIN_SECRET_LENGTH} characters`)
    }
    return { id, secret }
  })
}

/** The keys in use now; read at each call so a changed configuration applies without caching. */
export function keyring(): Keyring {
  const keys = new Map<number, Buffer>([[APP_KEY_ID, derive(appKey)]])
  const setting = storageKeySetting()
  if (!setting) return { currentId: APP_KEY_ID, keys }
  const configured = parseStorageKeys(setting)
  for (const { id, secret } of configured) keys.set(id, derive(secret))
  return { currentId: configured[0].id, keys }
}
