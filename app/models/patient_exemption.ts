import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class PatientExemption extends BaseModel {
  static table = 'patient_exemptions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare createdBy: number | null

  @column()
  declare code: string

  @column()
  declare description: string | null

  @column.date()
  declare validFrom: DateTime | null

  @column.date()
  declare validTo: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
