import cluster from 'node:cluster'
import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'
import studioModules from '#services/studio_modules'
import { studioRegion } from '#config/modules'
import { queueState } from '#services/queue_state'

/** GET /health: the contract in product.md, for monitors and the tests. */
export default class HealthController {
  async show({ response }: HttpContext) {
    let dbState: 'ok' | 'down' = 'ok'
    try {
      await db.rawQuery('select 1')
    } catch {
      dbState = 'down'
    }
    const queue = await queueState()
    const healthy = dbState === 'ok' && queue !== 'down'
    return response.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'degraded',
      db: dbState,
      queue,
      modules: studioModules.names,
      region: studioRegion(),
      // Which web process answered, when the server runs several (STUDIO_WORKERS).
      ...(cluster.worker ? { worker: cluster.worker.id } : {}),
    })
  }
}
