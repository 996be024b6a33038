import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class Exam extends BaseModel {
  static table = 'exams'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column()
  declare problemId: number | null

  @column()
  declare name: string

  @column.date()
  declare requestedOn: DateTime

  @column.date()
  declare resultOn: DateTime | null

  @column()
  declare result: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
