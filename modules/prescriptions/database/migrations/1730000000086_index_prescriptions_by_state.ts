import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What waits for a doctor (banner) and his failed sendings (Gestione Studio) are read on every
 * page by prescriber and state: a few rows among thousands of the day.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.index(['prescriber_id', 'state', 'created_at'])
    })
  }

  async down() {
    this.schema.alterTable('prescriptions', (table) => {
      table.dropIndex(['prescriber_id', 'state', 'created_at'])
    })
  }
}
