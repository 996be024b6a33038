import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A message to the studio shipped by the feed (component `messages`). */
export default class UpdateMessage extends BaseModel {
  static table = 'update_messages'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare key: string

  @column()
  declare title: string

  @column()
  declare body: string

  /** `all` or a role. */
  @column()
  declare audience: string

  @column.date()
  declare validFrom: DateTime | null

  @column.date()
  declare validTo: DateTime | null

  @column.dateTime()
  declare publishedAt: DateTime
}
