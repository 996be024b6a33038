import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column, manyToMany } from '@adonisjs/lucid/orm'
import type { ManyToMany } from '@adonisjs/lucid/types/relations'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import type { Role } from '#core/modules/define_module'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['username'],
  passwordColumnName: 'password',
})

export const ROLES: Role[] = ['admin', 'titolare', 'sostituto', 'collaboratore']

export default class User extends compose(BaseModel, AuthFinder) {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare username: string

  @column()
  declare email: string | null

  @column()
  declare firstName: string

  @column()
  declare lastName: string

  @column()
  declare role: Role

  @column()
  declare fiscalCode: string | null

  @column()
  declare regionalCode: string | null

  @column()
  declare aslCode: string | null

  @column({ serializeAs: null })
  declare password: string

  @column({ consume: Boolean })
  declare isEnabled: boolean

  @column({ consume: Boolean })
  declare unrestrictedRights: boolean

  @column({ consume: Boolean })
  declare mustChangePassword: boolean

  @column()
  declare failedLoginCount: number

  @column.dateTime()
  declare lockedAt: DateTime | null

  @column.dateTime()
  declare passwordChangedAt: DateTime | null

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime | null

  /** Doctors this titolare has named associates. */
  @manyToMany(() => User, {
    pivotTable: 'user_associates',
    pivotForeignKey: 'titolare_id',
    pivotRelatedForeignKey: 'associate_id',
    pivotTimestamps: { createdAt: 'created_at', updatedAt: false },
  })
  declare associates: ManyToMany<typeof User>

  get fullName() {
    return `${this.firstName} ${this.lastName}`
  }

  /** "Dott. Mario Rossi" for doctors, the plain name for staff. */
  get displayName() {
    return this.isDoctor ? `Dott. ${this.fullName}` : this.fullName
  }

  get isAdmin() {
    return this.role === 'admin'
  }

  get isDoctor() {
    return this.role === 'titolare' || this.role === 'sostituto'
  }

  get isStaff() {
    return this.role === 'collaboratore'
  }
}
