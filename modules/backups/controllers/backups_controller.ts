import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import logger from '@adonisjs/core/services/logger'
import { dispatch } from '#services/jobs/main'
import BackupRun from '../models/backup_run.js'
import BackupTask from '../models/backup_task.js'
import { backupOverview, latestRuns } from '../queries/backup_overview.js'
import { ensureDefaultTask } from '../services/default_task.js'
import { sendTestMail } from '../services/mails.js'
import { activeRunOf } from '../services/run_task.js'
import { RUN_JOB } from '../services/task_schedule.js'
import { flashFormErrors, flashTypedInput } from './flash_errors.js'
import { validateMailFields } from '../validators/task_input.js'
import { manageBackups } from '../abilities.js'

const isHtmx = (ctx: HttpContext) => ctx.request.header('HX-Request') === 'true'

/** /admin/backup: tasks, runs with live progress, "Esegui ora", logs, test mail. */
export default class BackupsController {
  /** The page; with HX-Request only the runs fragment, refetched on every `backup:progress` event. */
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageBackups)
    if (isHtmx(ctx)) return ctx.view.render('backups::partials/runs', await latestRuns())
    await ensureDefaultTask()
    return ctx.view.render('backups::pages/index', await backupOverview())
  }

  async log(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageBackups)
    const run = await BackupRun.findOrFail(ctx.params.id)
    return ctx.view.render('backups::pages/run_log', { run })
  }

  async runNow(ctx: HttpContext) {
    const { bouncer, params, session, response, auth, t } = ctx
    await bouncer.authorize(manageBackups)
    const task = await BackupTask.findOrFail(params.id)
    let notice: { kind: string; text: string }
    if (await activeRunOf(task.id)) {
      notice = { kind: 'error', text: t('backups.errors.already_running') }
    } else {
      const run = await BackupRun.create({
        taskId: task.id,
        taskName: task.name,
        origin: 'manual',
        status: 'queued',
        phase: 'queued',
        progress: 0,
        startedAt: DateTime.now(),
        heartbeatAt: DateTime.now(),
        requestedBy: auth.user!.id,
      })
      try {
        await dispatch(RUN_JOB, { taskId: task.id, runId: run.id, userId: auth.user!.id }, { attempts: 1 })
        notice = { kind: 'success', text: t('backups.run_started', { task: task.name }) }
      } catch (error) {
        logger.error({ err: error }, 'backup job could not be queued')
        run.merge({ status: 'failed', phase: 'done', error: t('backups.queue_unavailable'), exitCode: 1, finishedAt: DateTime.now() })
        await run.save()
        notice = { kind: 'error', text: t('backups.queue_unavailable') }
      }
    }
    if (isHtmx(ctx)) {
      return ctx.view.render('backups::partials/runs', { ...(await latestRuns()), notice })
    }
    session.flash(notice.kind, notice.text)
    return response.redirect('/admin/backup')
  }

  /** "Invia mail di prova": the address and clinic name as typed, before or after saving. */
  async testMail(ctx: HttpContext) {
    const { bouncer, request, session, response, t } = ctx
    await bouncer.authorize(manageBackups)
    const { to, clinic, errors } = validateMailFields(request.all())
    const failed = Object.keys(errors).length > 0
    if (isHtmx(ctx)) {
      if (!failed) await sendTestMail(to, clinic)
      response.status(failed ? 422 : 200)
      return ctx.view.render('backups::partials/test_mail_result', {
        ok: !failed,
        text: failed ? Object.values(errors).join(' ') : t('backups.test_mail_sent', { to }),
      })
    }
    if (failed) {
      flashFormErrors(session, errors)
      return response.redirect().back()
    }
    await sendTestMail(to, clinic)
    flashTypedInput(session)
    session.flash('success', t('backups.test_mail_sent', { to }))
    return response.redirect().back()
  }
}
