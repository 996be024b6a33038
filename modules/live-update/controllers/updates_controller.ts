import type { HttpContext } from '@adonisjs/core/http'
import logger from '@adonisjs/core/services/logger'
import { audit } from '#services/audit_log'
import { dispatch } from '#services/jobs/main'
import { manageUpdates } from '../abilities.js'
import { liveSection, updatesOverview } from '../queries/updates_overview.js'
import { checkForUpdates } from '../services/check_feed.js'
import { APPLY_JOB, applyCheckSchedule } from '../services/check_schedule.js'
import { saveSettings } from '../services/update_settings.js'
import { validateSettingsInput } from '../validators/settings_input.js'

const isHtmx = (ctx: HttpContext) => ctx.request.header('HX-Request') === 'true'

/** /admin/aggiornamenti: versions, last check, available updates, history, settings. */
export default class UpdatesController {
  /** The page; with HX-Request only the live section, refetched on every `updates:progress`. */
  async index(ctx: HttpContext) {
    await ctx.bouncer.authorize(manageUpdates)
    if (isHtmx(ctx)) return ctx.view.render('live-update::partials/live', await liveSection())
    return ctx.view.render('live-update::pages/index', await updatesOverview())
  }

  /** "Controlla ora": reads the manifest only (small), so it runs in the request. */
  async check(ctx: HttpContext) {
    const { bouncer, session, response, t } = ctx
    await bouncer.authorize(manageUpdates)
    const result = await checkForUpdates()
    session.flash(result.ok ? 'success' : 'error', result.ok ? t('updates.checked') : result.error!)
    return response.redirect('/admin/aggiornamenti')
  }

  /** "Applica selezionati" / "Applica tutti": a job, whose progress the history shows. */
  async apply(ctx: HttpContext) {
    const { bouncer, request, session, response, auth, t } = ctx
    await bouncer.authorize(manageUpdates)
    const all = Boolean(request.input('all'))
    const keys = [request.input('keys', [])].flat().filter((k): k is string => typeof k === 'string' && k.length > 0 && k.length <= 60)
    if (!all && !keys.length) {
      session.flash('error', t('updates.apply_nothing_selected'))
      return response.redirect('/admin/aggiornamenti')
    }
    const user = auth.user!
    try {
      await dispatch(APPLY_JOB, { keys: all ? [] : keys, all, userId: user.id, label: `${user.username} (${user.fullName})` }, { attempts: 1 })
      await audit(ctx, { action: 'live_update.apply', entity: 'live_update', details: { all, keys } })
      session.flash('success', t('updates.apply_started'))
    } catch (error) {
      logger.error({ err: error }, 'live update job could not be queued')
      session.flash('error', t('updates.queue_unavailable'))
    }
    return response.redirect('/admin/aggiornamenti')
  }

  async saveSettings(ctx: HttpContext) {
    const { bouncer, request, session, response, t } = ctx
    await bouncer.authorize(manageUpdates)
    const { values, errors } = validateSettingsInput(request.all())
    if (Object.keys(errors).length) {
      session.flashExcept(['_csrf'])
      session.flash('inputErrorsBag', Object.fromEntries(Object.entries(errors).map(([field, text]) => [field, [text]])))
      return response.redirect('/admin/aggiornamenti#impostazioni')
    }
    await saveSettings(values)
    await applyCheckSchedule()
    await audit(ctx, { action: 'live_update.settings', entity: 'live_update', details: { ...values, proxy: values.proxy ? 'impostato' : null } })
    session.flash('success', t('updates.settings_saved'))
    return response.redirect('/admin/aggiornamenti#impostazioni')
  }
}
