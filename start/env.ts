/*
| Environment variables the studio reads, validated at boot.
| Everything has a default so that the embedded SQLite set-up needs no .env.
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum.optional(['development', 'production', 'test'] as const),
  PORT: Env.schema.number.optional(),
  HOST: Env.schema.string.optional({ format: 'host' }),
  APP_KEY: Env.schema.secret.optional(),
  APP_URL: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.string.optional(),
  SESSION_DRIVER: Env.schema.enum.optional(['cookie', 'file', 'memory'] as const),

  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'mysql'] as const),
  SQLITE_PATH: Env.schema.string.optional(),
  MYSQL_HOST: Env.schema.string.optional(),
  MYSQL_PORT: Env.schema.number.optional(),
  MYSQL_USER: Env.schema.string.optional(),
  MYSQL_PASSWORD: Env.schema.string.optional(),
  MYSQL_DB_NAME: Env.schema.string.optional(),

  LIMITER_STORE: Env.schema.enum.optional(['database', 'memory'] as const),
  REDIS_HOST: Env.schema.string.optional(),
  REDIS_PORT: Env.schema.number.optional(),
  SMTP_HOST: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USER: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.secret.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  SMTP_CATCHER_PORT: Env.schema.number.optional(),
  SMS_DRIVER: Env.schema.enum.optional(['recording', 'http'] as const),
  SMS_HTTP_URL: Env.schema.string.optional(),
  SMS_HTTP_TOKEN: Env.schema.secret.optional(),
  SMS_SENDER: Env.schema.string.optional(),
  MAIL_FROM: Env.schema.string.optional(),
  ADMIN_EMAIL: Env.schema.string.optional(),
  CHROMIUM_PATH: Env.schema.string.optional(),

  STUDIO_REGION: Env.schema.string.optional(),
  STUDIO_MODULES: Env.schema.string.optional(),
  STORAGE_PATH: Env.schema.string.optional(),
  STORAGE_KEY: Env.schema.secret.optional(),

  PASSWORD_MIN_LENGTH: Env.schema.number.optional(),
  PASSWORD_EXPIRY_DAYS: Env.schema.number.optional(),
  LOGIN_MAX_ATTEMPTS: Env.schema.number.optional(),
  LOGIN_RATE_PER_MINUTE: Env.schema.number.optional(),

  UPDATE_FEED_URL: Env.schema.string.optional(),
  UPDATE_PUBLIC_KEY: Env.schema.string.optional(),
  UPDATE_PROXY: Env.schema.string.optional(),
  UPDATE_CHECK_EVERY_MINUTES: Env.schema.number.optional(),

  SAR_UMBRIA_URL: Env.schema.string.optional(),
  SAR_UMBRIA_CERT: Env.schema.string.optional(),
  SAR_UMBRIA_KEY: Env.schema.string.optional(),
  SAR_UMBRIA_CA: Env.schema.string.optional(),
  SAR_UMBRIA_JWT_KEY: Env.schema.string.optional(),
  SAR_UMBRIA_JWT_CERT: Env.schema.string.optional(),
  SAR_UMBRIA_ISSUER: Env.schema.string.optional(),
  SAR_UMBRIA_AUDIENCE: Env.schema.string.optional(),
  SAR_UMBRIA_TIMEOUT_MS: Env.schema.number.optional(),
  SAR_UMBRIA_LOT_SIZE: Env.schema.string.optional(),
  SAR_UMBRIA_APP_VERSION: Env.schema.string.optional(),

  SAC_URL: Env.schema.string.optional(),
  SAC_TIMEOUT_MS: Env.schema.number.optional(),
  SAC_CERT_PATH: Env.schema.string.optional(),
  SAC_SIMULATOR_PORT: Env.schema.number.optional(),
  SAC_TLS_CA_PATH: Env.schema.string.optional(),
  SAC_TLS_REJECT_UNAUTHORIZED: Env.schema.boolean.optional(),
  SAC_REQUESTS_PER_SECOND: Env.schema.number.optional(),
})
