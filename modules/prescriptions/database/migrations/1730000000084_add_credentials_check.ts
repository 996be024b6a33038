import { BaseSchema } from '@adonisjs/lucid/schema'

/** "Prova credenziali": when the doctor last tried his credentials at the service, and what it said. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.timestamp('checked_at').nullable()
      table.boolean('check_ok').nullable()
      table.string('check_message', 500).nullable()
    })
  }

  async down() {
    this.schema.alterTable('demat_credentials', (table) => {
      table.dropColumn('checked_at')
      table.dropColumn('check_ok')
      table.dropColumn('check_message')
    })
  }
}
