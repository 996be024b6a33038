import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Lots of NREs granted by a SAR to a doctor (spec §4.4: a 12/13-char prefix, 1000/100
 * numbers). `next_progressive` only grows: a number handed out is never handed out again.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sar_nre_lots', (table) => {
      table.increments('id')
      table.string('region_code', 3).notNullable()
      table.string('doctor_fiscal_code', 16).notNullable()
      table.string('prefix', 13).notNullable().unique()
      table.integer('size').notNullable()
      table.integer('next_progressive').notNullable().defaultTo(0)
      table.timestamp('created_at').notNullable()
      table.timestamp('exhausted_at').nullable()
      table.index(['doctor_fiscal_code', 'region_code'])
    })
  }

  async down() {
    this.schema.dropTable('sar_nre_lots')
  }
}
