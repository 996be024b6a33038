/*
| Messages in their validity window: for one user (their role or everyone, not dismissed by
| them) or, for the admin page, all of them.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import UpdateMessage from '../models/update_message.js'

export async function activeMessages(user: User | null) {
  const today = DateTime.now().toISODate()!
  const query = UpdateMessage.query()
    .where((q) => q.whereNull('valid_from').orWhere('valid_from', '<=', today))
    .where((q) => q.whereNull('valid_to').orWhere('valid_to', '>=', today))
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
  if (user) {
    query.whereIn('audience', ['all', user.role]).whereNotIn(
      'id',
      db.from('update_message_dismissals').where('user_id', user.id).select('message_id')
    )
  }
  return query
}
