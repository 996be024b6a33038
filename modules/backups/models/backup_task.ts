import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type AttachmentsMode = 'none' | 'included' | 'separate'
export type SecondLocationMode = 'copy' | 'move'

/** A scheduled backup ("attività di backup"). */
export default class BackupTask extends BaseModel {
  static table = 'backup_tasks'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare destination: string

  @column()
  declare secondLocation: string | null

  @column()
  declare secondLocationMode: SecondLocationMode

  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  @column({
    prepare: (days: number[]) => [...new Set(days)].sort().join(','),
    consume: (value: string) => String(value ?? '').split(',').filter(Boolean).map(Number),
  })
  declare weekdays: number[]

  /** HH:MM in the studio's time zone. */
  @column()
  declare runAt: string

  @column({ serializeAs: null })
  declare passwordEncrypted: string | null

  @column()
  declare attachments: AttachmentsMode

  @column()
  declare notifyEmail: string | null

  @column()
  declare clinicName: string | null

  @column({ consume: Boolean })
  declare isEnabled: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  get isPasswordProtected() {
    return Boolean(this.passwordEncrypted)
  }
}
