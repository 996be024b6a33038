import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * White electronic prescriptions (Fascia C, NRBE service): the PIN the pharmacy needs with
 * the NRBE, encrypted at rest like every secret.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.text('pin_encrypted').nullable()
    })
  }

  async down() {
    this.schema.alterTable('prescriptions', (table) => {
      table.dropColumn('pin_encrypted')
    })
  }
}
