import type { HttpContext } from '@adonisjs/core/http'
import jobs from '#services/jobs/main'
import { queueOverview } from '#services/jobs/queue_overview'
import { findFailed } from '#services/jobs/failed_jobs'
import { audit } from '#services/audit_log'

/** /admin/code: the job queues, their failed jobs and "Riprova". */
export default class QueuesController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize('manageStudio')
    return this.#render(ctx)
  }

  async retry(ctx: HttpContext) {
    const { bouncer, params, session, response, request, t } = ctx
    await bouncer.authorize('manageStudio')
    const failed = await findFailed(Number(params.id))
    let outcome: string
    try {
      outcome = await jobs.retryFailed(Number(params.id))
    } catch {
      outcome = 'unavailable'
    }
    const message = t(`jobs.retry_${outcome}`, { job: failed?.jobName ?? '' })
    const kind = outcome === 'retried' ? 'success' : 'error'
    if (outcome === 'retried') {
      await audit(ctx, { action: 'retry', entity: 'failed_job', entityId: failed!.id, details: { job: failed!.jobName } })
    }
    if (request.header('HX-Request') === 'true') {
      return this.#render(ctx, { kind, text: message }, outcome === 'not_found' ? 404 : 200)
    }
    session.flash(kind, message)
    return response.redirect('/admin/code')
  }

  async #render(ctx: HttpContext, notice?: { kind: string; text: string }, status = 200) {
    const data = { ...(await queueOverview()), notice }
    const htmx = ctx.request.header('HX-Request') === 'true'
    ctx.response.status(status)
    return ctx.view.render(htmx ? 'pages/admin/queues/panel' : 'pages/admin/queues/index', data)
  }
}
