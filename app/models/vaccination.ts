import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Vaccination extends BaseModel {
  static table = 'vaccinations'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column()
  declare vaccine: string

  @column()
  declare dose: string | null

  @column.date()
  declare administeredOn: DateTime

  @column()
  declare lot: string | null

  @column()
  declare notes: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
