/*
| The Redis transport of live notifications, made safe for a Redis that is down: the stock
| one opens connections without error listeners (console spam, then an unhandled rejection
| that stops the server). Its connections are duplicated from this client, so the
| duplicates carry the listeners and the patient retry policy.
*/
import { Redis, type RedisOptions } from 'ioredis'
import { RedisTransport } from '@boringnode/bus/transports/redis'
import logger from '@adonisjs/core/services/logger'

let lastLog = 0

function logError(error: Error) {
  if (Date.now() - lastLog < 30_000) return
  lastLog = Date.now()
  logger.error({ err: error }, 'live notifications: Redis error')
}

class ResilientRedis extends Redis {
  #closing = false

  duplicate(override?: Partial<RedisOptions>) {
    const copy = new ResilientRedis({ ...this.options, ...override, lazyConnect: false })
    copy.on('error', logError)
    return copy
  }

  // Transmit subscribes without awaiting: closing before Redis answered (an ace command
  // ends at once) would reject that promise unhandled, and Node would exit with an error.
  async subscribe(...channels: any[]): Promise<any> {
    try {
      return await (super.subscribe as any)(...channels)
    } catch (error) {
      if (this.#closing) return 0
      throw error
    }
  }

  // Quitting a connection that never came up would wait for it forever.
  async quit() {
    this.#closing = true
    if (this.status !== 'ready') {
      this.disconnect()
      return 'OK' as const
    }
    return super.quit()
  }
}

export function liveRedisTransport(options: { host: string; port: number }) {
  return () =>
    new RedisTransport(
      new ResilientRedis({
        ...options,
        // This template never connects itself; its duplicates (publisher, subscriber) do.
        lazyConnect: true,
        // Wait for Redis rather than reject: a rejection here would be unhandled.
        maxRetriesPerRequest: null,
        retryStrategy: (times) => Math.min(times * 500, 5_000),
      })
    )
}
