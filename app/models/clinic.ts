import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import ClinicHour from '#models/clinic_hour'

export default class Clinic extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  @column()
  declare address: string | null

  @column()
  declare comuneCode: string | null

  @column()
  declare cap: string | null

  @column()
  declare phone: string | null

  @column()
  declare email: string | null

  @column({ consume: Boolean })
  declare isActive: boolean

  @column()
  declare printFormat: 'A4' | 'A5'

  @column()
  declare printOrientation: 'portrait' | 'landscape'

  @column()
  declare printMarginTopMm: number

  @column()
  declare printMarginRightMm: number

  @column()
  declare printMarginBottomMm: number

  @column()
  declare printMarginLeftMm: number

  @hasMany(() => ClinicHour)
  declare hours: HasMany<typeof ClinicHour>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null
}
