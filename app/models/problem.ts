import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Problem extends BaseModel {
  static table = 'problems'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column({ columnName: 'icd9_code' })
  declare icd9Code: string | null

  @column()
  declare description: string

  @column()
  declare status: 'active' | 'inactive'

  @column.date()
  declare onsetDate: DateTime

  @column.date()
  declare resolvedDate: DateTime | null

  @column()
  declare notes: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
