/*
| Server-sent events (live notifications). With REDIS_HOST set, messages go through Redis so
| that a notify() from a `queue:work` process (or a second web process) reaches open pages.
*/
import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { liveRedisTransport } from '#services/live/redis_transport'

const redisHost = env.get('REDIS_HOST')

export default defineConfig({
  // Proxies close idle connections: a ping every 30 s keeps the stream open.
  pingInterval: '30s',
  transport: redisHost
    ? {
        driver: liveRedisTransport({ host: redisHost, port: env.get('REDIS_PORT', 6379) }),
        // Two installations on one Redis must not see each other's messages.
        channel: `${process.env.QUEUE_PREFIX || 'studio-mg'}:transmit`,
      }
    : null,
})
