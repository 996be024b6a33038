import type { ApplicationService } from '@adonisjs/core/types'

/**
 * Registers the core jobs and schedules at boot. The web server makes the schedules live and,
 * in development (or without Redis, where jobs run in-process anyway), runs the workers too;
 * in production with Redis the workers are `node ace queue:work`.
 */
export default class JobsProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    await import('#services/jobs/core_jobs')
  }

  async ready() {
    if (this.app.getEnvironment() !== 'web') return
    const { default: jobs } = await import('#services/jobs/main')
    // Not awaited: a Redis that is down must not keep the web server from answering.
    jobs.start({ workers: jobs.driver === 'bullmq' && jobs.config.workersInWebServer }).catch(async (error) => {
      const { default: logger } = await import('@adonisjs/core/services/logger')
      logger.error({ err: error }, 'job service did not start')
    })
  }

  async shutdown() {
    const { default: jobs } = await import('#services/jobs/main')
    await jobs.close()
  }
}
