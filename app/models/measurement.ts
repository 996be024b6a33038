import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Measurement extends BaseModel {
  static table = 'measurements'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column()
  declare kind: string

  @column({ consume: Number })
  declare value: number

  @column({ columnName: 'value2', consume: (v) => (v === null ? null : Number(v)) })
  declare value2: number | null

  @column()
  declare unit: string | null

  @column.dateTime()
  declare measuredAt: DateTime

  @column()
  declare source: 'doctor' | 'patient'

  @column()
  declare notes: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
