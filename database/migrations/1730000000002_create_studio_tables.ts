import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // One row: the studio this installation serves.
    this.schema.createTable('studios', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.string('group_code', 20).nullable()
      table.string('asl_code', 6).nullable()
      table.string('region', 40).nullable()
      table.string('address', 200).nullable()
      table.string('phone', 30).nullable()
      table.string('email', 254).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    // Free-form settings of the core and modules, one key each.
    this.schema.createTable('settings', (table) => {
      table.string('key', 100).notNullable().primary()
      table.text('value').nullable()
      table.timestamp('updated_at').nullable()
    })

    // Until the platform mail service lands, mail is recorded here (the 'recording transport').
    this.schema.createTable('outgoing_mails', (table) => {
      table.increments('id')
      table.string('to_address', 254).notNullable()
      table.string('subject', 200).notNullable()
      table.text('body').notNullable()
      // recorded | sent | failed
      table.string('status', 10).notNullable().defaultTo('recorded')
      table.timestamp('created_at').notNullable()
    })

    this.schema.createTable('clinics', (table) => {
      table.increments('id')
      table.string('name', 120).notNullable()
      table.string('address', 200).nullable()
      table.string('comune_code', 4).nullable()
      table.string('cap', 5).nullable()
      table.string('phone', 30).nullable()
      table.string('email', 254).nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      // Print settings used by the PDF service for this clinic's printer.
      table.string('print_format', 4).notNullable().defaultTo('A4')
      table.string('print_orientation', 10).notNullable().defaultTo('portrait')
      table.integer('print_margin_top_mm').notNullable().defaultTo(10)
      table.integer('print_margin_right_mm').notNullable().defaultTo(10)
      table.integer('print_margin_bottom_mm').notNullable().defaultTo(10)
      table.integer('print_margin_left_mm').notNullable().defaultTo(10)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })

    this.schema.createTable('clinic_hours', (table) => {
      table.increments('id')
      table.integer('clinic_id').unsigned().notNullable().references('id').inTable('clinics').onDelete('CASCADE')
      table.integer('doctor_id').unsigned().nullable().references('id').inTable('users').onDelete('CASCADE')
      // ISO weekday, 1 = Monday
      table.tinyint('weekday').notNullable()
      table.string('opens_at', 5).notNullable()
      table.string('closes_at', 5).notNullable()
      table.string('notes', 200).nullable()
      table.index(['clinic_id', 'weekday'])
    })
  }

  async down() {
    this.schema.dropTable('clinic_hours')
    this.schema.dropTable('clinics')
    this.schema.dropTable('outgoing_mails')
    this.schema.dropTable('settings')
    this.schema.dropTable('studios')
  }
}
