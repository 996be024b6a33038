import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class PatientContact extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare patientId: number

  @column()
  declare kind: 'parent' | 'reference'

  @column()
  declare name: string

  @column()
  declare relation: string | null

  @column()
  declare phone: string | null

  @column()
  declare email: string | null

  @column()
  declare relatedPatientId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
