import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('patients', (table) => {
      table.increments('id')
      table.string('fiscal_code', 16).notNullable().unique()
      table.string('last_name', 80).notNullable()
      table.string('first_name', 80).notNullable()
      // Upper case, no accents, apostrophes or spaces: what the search compares with.
      table.string('last_name_search', 80).notNullable()
      table.string('first_name_search', 80).notNullable()
      table.string('sex', 1).notNullable()
      table.date('birth_date').notNullable()
      table.smallint('birth_year').notNullable()
      table.string('birth_place_code', 4).nullable()
      table.string('birth_place_name', 120).nullable()
      table.string('residence_address', 200).nullable()
      table.string('residence_comune_code', 4).nullable()
      table.string('residence_cap', 5).nullable()
      table.string('domicile_address', 200).nullable()
      table.string('domicile_comune_code', 4).nullable()
      table.string('domicile_cap', 5).nullable()
      table.string('asl_code', 6).nullable()
      table.integer('doctor_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.string('phone', 30).nullable()
      table.string('mobile', 30).nullable()
      table.string('email', 254).nullable()
      // active (SSN) | revoked | deceased
      table.string('status', 10).notNullable().defaultTo('active')
      table.date('status_date').nullable()
      table.text('notes').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['last_name_search', 'first_name_search'])
      table.index(['status', 'last_name_search', 'first_name_search'])
      table.index(['birth_year', 'last_name_search', 'first_name_search'])
      table.index(['doctor_id'])
    })

    // Parents and reference persons (possibly patients themselves).
    this.schema.createTable('patient_contacts', (table) => {
      table.increments('id')
      table.integer('patient_id').unsigned().notNullable().references('id').inTable('patients').onDelete('CASCADE')
      // parent | reference
      table.string('kind', 10).notNullable()
      table.string('name', 160).notNullable()
      table.string('relation', 60).nullable()
      table.string('phone', 30).nullable()
      table.string('email', 254).nullable()
      table.integer('related_patient_id').unsigned().nullable().references('id').inTable('patients').onDelete('SET NULL')
      table.timestamp('created_at').notNullable()
      table.index(['patient_id'])
    })
  }

  async down() {
    this.schema.dropTable('patient_contacts')
    this.schema.dropTable('patients')
  }
}
