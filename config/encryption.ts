import { appKey } from '#config/app'
import { defineConfig, drivers } from '@adonisjs/core/encryption'

/**
 * AES-256-GCM for cookies, sessions and encrypted columns (secrets, tokens).
 * Key rotation: put the new key first in APP_KEY's place and keep the old one
 * second in `keys` until every value was re-encrypted (see README).
 */
const encryptionConfig = defineConfig({
  default: 'app',
  list: {
    app: drivers.aes256gcm({ id: 'app', keys: [appKey] }),
  },
})

export default encryptionConfig

declare module '@adonisjs/core/types' {
  export interface EncryptorsList extends InferEncryptors<typeof encryptionConfig> {}
}
