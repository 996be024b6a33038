import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The doctor's two-factor session for the Sistema TS (header Authorization2F, spec §6.1):
 * obtained by him through the service's two-factor flow, kept encrypted until it expires.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.text('two_factor_encrypted').nullable()
      table.timestamp('two_factor_expires_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.dropColumn('two_factor_encrypted')
      table.dropColumn('two_factor_expires_at')
    })
  }
}
