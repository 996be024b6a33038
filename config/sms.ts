/*
| SMS. The 'recording' driver (development, demo, tests) keeps messages in the log without
| sending them; the 'http' driver posts them to a provider's HTTP API (SMS_HTTP_URL, bearer
| token SMS_HTTP_TOKEN, sender name SMS_SENDER).
*/
import env from '#start/env'

export interface SmsConfig {
  driver: 'recording' | 'http'
  http: { url: string; token?: string; timeoutMs: number }
  sender: string
  attempts: number
  retryDelayMs: number
}

const smsConfig: SmsConfig = {
  driver: env.get('SMS_DRIVER', env.get('SMS_HTTP_URL') ? 'http' : 'recording'),
  http: { url: env.get('SMS_HTTP_URL', ''), token: env.get('SMS_HTTP_TOKEN')?.release(), timeoutMs: 10_000 },
  // Alphanumeric senders are limited to 11 characters by the operators.
  sender: env.get('SMS_SENDER', 'StudioMG').slice(0, 11),
  attempts: 5,
  retryDelayMs: 30_000,
}

export default smsConfig
