import env from '#start/env'
import app from '@adonisjs/core/services/app'

/** Account security, as the administrator can tune it through the environment. */
export const securityPolicy = {
  passwordMinLength: env.get('PASSWORD_MIN_LENGTH', 8),
  /** Days before a password must be changed; 0 turns expiry off. */
  passwordExpiryDays: env.get('PASSWORD_EXPIRY_DAYS', 90),
  /** Failed logins in a row that disable the account. */
  maxFailedLogins: env.get('LOGIN_MAX_ATTEMPTS', 3),
  /** Login attempts per IP and minute before the limiter answers 429. */
  loginRatePerMinute: env.get('LOGIN_RATE_PER_MINUTE', 10),
}

/** Encrypted files (attachments, PDFs, backups) live here. */
export const storagePath = env.get('STORAGE_PATH', app.makePath('storage'))

/** Attachments: what the chart accepts. */
export const attachmentPolicy = {
  maxBytes: 10 * 1024 * 1024,
  extensions: ['pdf', 'jpg', 'jpeg', 'png', 'txt', 'xml', 'dcm', 'p7m'],
}
