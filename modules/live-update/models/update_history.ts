import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type UpdateOutcome = 'running' | 'applied' | 'failed' | 'refused'
export type UpdateOrigin = 'admin' | 'command' | 'job'

/** One component applied (or refused) by live update: who, when, which versions, what changed. */
export default class UpdateHistory extends BaseModel {
  static table = 'update_history'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare componentKey: string

  @column()
  declare fromVersion: string | null

  @column()
  declare toVersion: string | null

  @column()
  declare outcome: UpdateOutcome

  @column()
  declare origin: UpdateOrigin

  @column()
  declare userId: number | null

  @column()
  declare userLabel: string | null

  @column({ consume: Number })
  declare rowsAdded: number

  @column({ consume: Number })
  declare rowsChanged: number

  @column({ consume: Number })
  declare rowsRetired: number

  @column({ consume: Number })
  declare rowsTotal: number

  @column()
  declare error: string | null

  @column.dateTime()
  declare startedAt: DateTime

  @column.dateTime()
  declare finishedAt: DateTime | null
}
