import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Therapy extends BaseModel {
  static table = 'therapies'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column()
  declare problemId: number | null

  @column()
  declare drugName: string

  @column()
  declare aic: string | null

  @column()
  declare activeIngredient: string | null

  @column()
  declare posology: string | null

  @column({ consume: Boolean })
  declare isContinuative: boolean

  @column.date()
  declare startDate: DateTime

  @column.date()
  declare endDate: DateTime | null

  @column()
  declare notes: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
