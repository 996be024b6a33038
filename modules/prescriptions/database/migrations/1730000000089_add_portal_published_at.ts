import { BaseSchema } from '@adonisjs/lucid/schema'

/** When the doctor published the promemoria for the patient to take from the patient portal. */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.timestamp('portal_published_at').nullable()
    })
  }

  async down() {
    this.schema.alterTable('prescriptions', (table) => {
      table.dropColumn('portal_published_at')
    })
  }
}
