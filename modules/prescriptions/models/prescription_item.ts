import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class PrescriptionItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare prescriptionId: number

  @column()
  declare position: number

  @column()
  declare code: string | null

  @column()
  declare description: string

  @column()
  declare equivalenceGroup: string | null

  @column()
  declare equivalenceDescription: string | null

  @column()
  declare quantity: number

  @column({ consume: Boolean })
  declare notSubstitutable: boolean

  @column()
  declare notSubstitutableReason: string | null

  @column()
  declare aifaNote: string | null

  @column()
  declare catalogueCode: string | null

  @column()
  declare accessType: '0' | '1' | null

  @column()
  declare posology: string | null

  @column({ consume: Boolean })
  declare continuative: boolean

  @column()
  declare priceCents: number | null

  @column()
  declare drugClass: string | null

  @column()
  declare notes: string | null
}
