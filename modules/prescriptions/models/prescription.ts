import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Patient from '#models/patient'
import User from '#models/user'
import PrescriptionItem from './prescription_item.js'
import type { PrescriptionKind } from '../domain/kinds.js'
import type { PrescriptionState } from '../domain/state_machine.js'

export type Delivery = 'print' | 'no_print' | 'sms' | 'nre_email' | 'email' | 'email_clear' | 'portal'

export interface StoredMessage {
  code: string
  text: string
  itemIndex?: number | null
  severity: 'blocking' | 'warning'
}

export default class Prescription extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare kind: PrescriptionKind

  @column()
  declare state: PrescriptionState

  @column()
  declare patientId: number

  @column()
  declare prescriberId: number

  @column()
  declare substituteId: number | null

  @column()
  declare preparedByUserId: number

  @column()
  declare validatedByUserId: number | null

  @column()
  declare sentByUserId: number | null

  @column()
  declare clinicId: number | null

  @column()
  declare groupKey: string

  @column()
  declare groupIndex: number

  @column()
  declare groupSize: number

  @column({ consume: Boolean })
  declare obscured: boolean

  @column()
  declare exemptionCode: string | null

  @column({ consume: Boolean })
  declare notExempt: boolean

  @column({ consume: Boolean })
  declare incomeExempt: boolean

  @column()
  declare diagnosisCode: string | null

  @column()
  declare diagnosisText: string | null

  @column()
  declare priority: 'U' | 'B' | 'D' | 'P' | null

  @column()
  declare visitType: 'A' | 'D'

  @column()
  declare indication: 'S' | 'H' | null

  @column()
  declare tipoRic: string | null

  @column()
  declare problemId: number | null

  @column()
  declare delivery: Delivery

  @column({ consume: Boolean })
  declare awaitingPrint: boolean

  @column()
  declare compiledAt: string | null

  @column()
  declare nre: string | null

  @column()
  declare authCode: string | null

  @column()
  declare insertedAt: string | null

  @column()
  declare promemoriaStorageKey: string | null

  @column()
  declare regionalMessage: string | null

  @column()
  declare remoteStatus: string | null

  @column({
    prepare: (value: StoredMessage[] | null) => (value && value.length ? JSON.stringify(value) : null),
    consume: (value: string | null) => (value ? JSON.parse(value) : []),
  })
  declare messages: StoredMessage[]

  @column()
  declare attempts: number

  @column.dateTime()
  declare nextRetryAt: DateTime | null

  @column()
  declare lastTransportError: string | null

  @column()
  declare redCode: string | null

  /** The service said to use the red pad for this one (see SendOutcome.fallbackToRed). */
  @column({ consume: Boolean })
  declare redSuggested: boolean

  @column({ serializeAs: null })
  declare pinEncrypted: string | null

  @column()
  declare cancelReason: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  @column.dateTime()
  declare validatedAt: DateTime | null

  @column.dateTime()
  declare sentAt: DateTime | null

  @hasMany(() => PrescriptionItem, { onQuery: (query) => query.orderBy('position') })
  declare items: HasMany<typeof PrescriptionItem>

  @belongsTo(() => Patient)
  declare patient: BelongsTo<typeof Patient>

  @belongsTo(() => User, { foreignKey: 'prescriberId' })
  declare prescriber: BelongsTo<typeof User>

  @belongsTo(() => User, { foreignKey: 'preparedByUserId' })
  declare preparedBy: BelongsTo<typeof User>

  get isDrug() {
    return this.kind === 'DEM_FARMACEUTICA' || this.kind === 'BIANCA_ELETTRONICA'
  }

  get isWhite() {
    return this.kind === 'BIANCA' || this.kind === 'BIANCA_ELETTRONICA'
  }
}
