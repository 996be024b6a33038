import { DateTime } from 'luxon'
import { BaseModel, beforeSave, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import PatientContact from '#models/patient_contact'
import { searchKey } from '#services/patients/search_key'

export type PatientStatus = 'active' | 'revoked' | 'deceased'

export default class Patient extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare fiscalCode: string

  @column()
  declare lastName: string

  @column()
  declare firstName: string

  @column({ serializeAs: null })
  declare lastNameSearch: string

  @column({ serializeAs: null })
  declare firstNameSearch: string

  @column()
  declare sex: 'M' | 'F'

  @column.date()
  declare birthDate: DateTime

  @column()
  declare birthYear: number

  @column()
  declare birthPlaceCode: string | null

  @column()
  declare birthPlaceName: string | null

  @column()
  declare residenceAddress: string | null

  @column()
  declare residenceComuneCode: string | null

  @column()
  declare residenceCap: string | null

  @column()
  declare domicileAddress: string | null

  @column()
  declare domicileComuneCode: string | null

  @column()
  declare domicileCap: string | null

  @column()
  declare aslCode: string | null

  @column()
  declare doctorId: number | null

  @column()
  declare phone: string | null

  @column()
  declare mobile: string | null

  @column()
  declare email: string | null

  @column()
  declare status: PatientStatus

  @column.date()
  declare statusDate: DateTime | null

  @column()
  declare notes: string | null

  @belongsTo(() => User, { foreignKey: 'doctorId' })
  declare doctor: BelongsTo<typeof User>

  @hasMany(() => PatientContact)
  declare contacts: HasMany<typeof PatientContact>

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @beforeSave()
  static fillSearchColumns(patient: Patient) {
    patient.lastNameSearch = searchKey(patient.lastName)
    patient.firstNameSearch = searchKey(patient.firstName)
    patient.fiscalCode = patient.fiscalCode.toUpperCase()
    if (patient.birthDate) patient.birthYear = patient.birthDate.year
  }

  get fullName() {
    return `${this.lastName} ${this.firstName}`
  }

  get age() {
    return Math.floor(DateTime.now().diff(this.birthDate, 'years').years)
  }
}
