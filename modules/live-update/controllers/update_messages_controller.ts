import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { activeMessages } from '../queries/active_messages.js'

/** /aggiornamenti/messaggi: the messages of the feed for this user, each one dismissible. */
export default class UpdateMessagesController {
  async index(ctx: HttpContext) {
    return ctx.view.render('live-update::pages/messages', { messages: await activeMessages(ctx.auth.user!) })
  }

  async dismiss(ctx: HttpContext) {
    const { auth, params, session, response, t } = ctx
    const user = auth.user!
    const message = (await activeMessages(user)).find((m) => m.id === Number(params.id))
    if (message) {
      await db.table('update_message_dismissals').insert({
        message_id: message.id,
        user_id: user.id,
        dismissed_at: DateTime.utc().toFormat('yyyy-LL-dd HH:mm:ss'),
      })
    }
    if (ctx.request.header('HX-Request') === 'true') return response.status(200).send('')
    session.flash('success', t('updates.dismissed'))
    return response.redirect('/aggiornamenti/messaggi')
  }
}
