import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Every NRE taken from a lot, with what became of it. Written before the call that uses it
 * (spec §8, idempotency): `sending` left behind means the outcome is unknown and the number
 * must be checked at the SAR before anything is sent again.
 * status: reserved | sending | sent | rejected | abandoned | cancelled
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sar_nre_reservations', (table) => {
      table.increments('id')
      table.string('nre', 15).notNullable().unique()
      table.integer('lot_id').unsigned().nullable().references('id').inTable('sar_nre_lots').onDelete('SET NULL')
      table.string('region_code', 3).notNullable()
      table.string('doctor_fiscal_code', 16).notNullable()
      // The prescription it was reserved for (no foreign key: the region module owns no prescription).
      table.integer('prescription_id').nullable().index()
      table.string('status', 10).notNullable().defaultTo('reserved')
      table.string('note', 300).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('sar_nre_reservations')
  }
}
