/*
| The SMS gateway: one interface, two drivers. `recording` sends nothing (development, demo,
| tests: the message stays in the log as 'recorded'); `http` posts to a provider's API.
*/
import smsConfig from '#config/sms'

export interface SmsToSend {
  to: string
  text: string
  sender: string
  /** Our id, sent as the provider's reference: a retried post is recognisable. */
  reference: string
}

export interface SmsDriver {
  readonly name: 'recording' | 'http'
  send(message: SmsToSend): Promise<{ providerId: string | null; delivered: boolean }>
}

export class SmsProviderError extends Error {
  constructor(
    message: string,
    readonly permanent = false
  ) {
    super(message)
  }
}

export const recordingDriver: SmsDriver = {
  name: 'recording',
  async send() {
    return { providerId: null, delivered: false }
  },
}

/**
 * A JSON API in the shape most Italian providers offer: POST {to, from, text, reference} with
 * a bearer token; 2xx with {id} is accepted. 4xx (bad number, no credit) is not retried.
 */
export function httpDriver(settings = smsConfig.http): SmsDriver {
  return {
    name: 'http',
    async send(message) {
      if (!settings.url) throw new SmsProviderError('SMS_HTTP_URL non configurato.', true)
      let response: Response
      try {
        response = await fetch(settings.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'accept': 'application/json',
            ...(settings.token ? { authorization: `Bearer ${settings.token}` } : {}),
          },
          body: JSON.stringify({ to: message.to, from: message.sender, text: message.text, reference: message.reference }),
          signal: AbortSignal.timeout(settings.timeoutMs),
        })
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name
        throw new SmsProviderError(`Servizio SMS non raggiungibile (${cause}).`)
      }
      const body = await response.text()
      if (!response.ok) {
        const detail = body.slice(0, 300).replace(/\s+/g, ' ')
        throw new SmsProviderError(`Il servizio SMS ha risposto ${response.status}: ${detail}`, response.status >= 400 && response.status < 500 && response.status !== 429)
      }
      let id: string | null = null
      try {
        id = JSON.parse(body)?.id ?? null
      } catch {}
      return { providerId: id === null ? null : String(id).slice(0, 120), delivered: true }
    },
  }
}

let override: SmsDriver | null = null

export function smsDriver(): SmsDriver {
  return override ?? (smsConfig.driver === 'http' ? httpDriver() : recordingDriver)
}

/** Tests point the gateway at their own server. */
export function useSmsDriver(driver: SmsDriver | null) {
  override = driver
}
