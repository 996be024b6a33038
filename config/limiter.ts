import env from '#start/env'
import { defineConfig, stores } from '@adonisjs/limiter'

/**
 * Login, PIN and OTP throttling. The database store keeps counters across restarts and
 * across several web processes, on SQLite and MariaDB alike.
 */
const limiterConfig = defineConfig({
  default: env.get('LIMITER_STORE', 'database'),
  stores: {
    database: stores.database({
      tableName: 'rate_limits',
      dbName: env.get('DB_CONNECTION') === 'mysql' ? env.get('MYSQL_DB_NAME', 'studio_mg') : undefined,
    }),
    memory: stores.memory({}),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}
