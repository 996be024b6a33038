import { BaseSchema } from '@adonisjs/lucid/schema'

/** The doctor's registration with the Ordine dei Medici: the white electronic prescription carries it. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.string('registration_number', 20).nullable()
    })
  }

  async down() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.dropColumn('registration_number')
    })
  }
}
