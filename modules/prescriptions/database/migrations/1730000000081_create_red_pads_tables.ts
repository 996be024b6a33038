import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Red prescription pads (ricettario DPCM, spec §4.5) loaded in the studio's printers, and the
 * queue of their data transmissions to the MEF (DPCM 26/03/2008), one row per printed sheet.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('red_pads', (table) => {
      table.increments('id')
      table.integer('clinic_id').unsigned().nullable().references('id').inTable('clinics')
      table.string('printer_name', 100).notNullable()
      // Region code + year, as printed on the sheet (first barcode).
      table.string('bar1', 5).notNullable()
      table.string('pad_number', 7).notNullable()
      // The code typed or scanned from the first sheet, control digit as written.
      table.string('first_sheet_code', 15).notNullable()
      table.integer('first_counter').notNullable()
      table.integer('last_counter').notNullable()
      // ascending | descending (printers that take the pad reversed)
      table.string('direction', 10).notNullable()
      table.integer('next_counter').notNullable()
      table.boolean('active').notNullable().defaultTo(true)
      // Set only while active: the unique index keeps one active pad per printer.
      table.string('active_key', 120).nullable().unique()
      // Warnings the user confirmed when registering the pad (control digit, region, year).
      table.text('warnings').nullable()
      table.integer('created_by').unsigned().nullable().references('id').inTable('users')
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['clinic_id', 'printer_name'])
    })

    this.schema.createTable('red_transmissions', (table) => {
      table.increments('id')
      table.integer('prescription_id').unsigned().notNullable().unique().references('id').inTable('prescriptions').onDelete('CASCADE')
      table.integer('pad_id').unsigned().nullable().references('id').inTable('red_pads')
      table.integer('prescriber_id').unsigned().notNullable().references('id').inTable('users')
      table.string('bar1', 5).notNullable()
      table.string('bar2', 10).notNullable()
      // F drugs | P services: the content, since the kind is now ROSSA for both.
      table.string('prescription_type', 1).notNullable()
      // queued | sending | sent | error
      table.string('status', 10).notNullable()
      // received | accepted | accepted_with_warnings | rejected: the MEF's answer
      table.string('outcome', 30).nullable()
      table.string('protocol', 40).nullable()
      // [{ code, text, itemIndex, severity }] from the service
      table.text('errors').nullable()
      // Why it is still waiting (no service, credentials, network), shown as is.
      table.string('reason', 500).nullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('queued_at').notNullable()
      table.timestamp('last_attempt_at').nullable()
      table.timestamp('sent_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['status', 'queued_at'])
      table.index(['protocol'])
      table.index(['prescriber_id', 'queued_at'])
    })
  }

  async down() {
    this.schema.dropTable('red_transmissions')
    this.schema.dropTable('red_pads')
  }
}
