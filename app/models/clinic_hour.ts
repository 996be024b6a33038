import { BaseModel, column } from '@adonisjs/lucid/orm'

export const WEEKDAYS_IT = ['', 'Lunedì', 'Martedì', 'Mercoledì', 'Giovedì', 'Venerdì', 'Sabato', 'Domenica']

export default class ClinicHour extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare clinicId: number

  @column()
  declare doctorId: number | null

  /** ISO weekday, 1 = Monday. */
  @column()
  declare weekday: number

  @column()
  declare opensAt: string

  @column()
  declare closesAt: string

  @column()
  declare notes: string | null

  get weekdayName() {
    return WEEKDAYS_IT[this.weekday] ?? ''
  }
}
