import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * The BullMQ worker process: runs the jobs of every core and enabled-module queue until
 * stopped (SIGTERM or Ctrl-C), letting the running jobs finish.
 */
export default class QueueWork extends BaseCommand {
  static commandName = 'queue:work'
  static description = 'Esegue i job in coda su Redis (BullMQ) finché non viene fermato'
  static help = [
    'Richiede REDIS_HOST (e REDIS_PORT). Senza Redis i job girano nel server web: non serve.',
    'Esempio: REDIS_HOST=127.0.0.1 node ace queue:work --concurrency=10',
  ]

  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Job eseguiti in parallelo per ogni coda (default da config/queue.ts)' })
  declare concurrency?: number

  async run() {
    const { default: jobs } = await import('#services/jobs/main')
    const { knownQueues } = await import('#services/jobs/registry')

    if (jobs.driver !== 'bullmq') {
      this.logger.error(translate('jobs.cli.no_redis'))
      this.exitCode = 1
      return this.terminate()
    }
    if (this.concurrency !== undefined && !(this.concurrency >= 1)) {
      this.logger.error(translate('jobs.cli.bad_concurrency'))
      this.exitCode = 1
      return this.terminate()
    }
    if ((await jobs.state()) !== 'ok') {
      const { host, port } = jobs.config.redis
      this.logger.error(translate('jobs.cli.redis_down', { host, port }))
      this.exitCode = 1
      return this.terminate()
    }

    const concurrency = this.concurrency ?? jobs.config.concurrency
    this.app.listen('SIGINT', () => this.terminate())
    await jobs.start({ workers: true, concurrency })
    this.logger.success(
      translate('jobs.cli.started', {
        queues: knownQueues().join(', '),
        concurrency,
        prefix: jobs.config.prefix,
      })
    )
  }
}
