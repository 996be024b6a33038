import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('reference_datasets', (table) => {
      table.string('key', 40).notNullable().primary()
      table.string('version', 40).notNullable()
      table.string('source_url', 300).nullable()
      table.string('licence', 100).nullable()
      table.string('attribution', 500).nullable()
      table.integer('row_count').notNullable().defaultTo(0)
      table.string('sha256', 64).nullable()
      table.timestamp('fetched_at').nullable()
      table.timestamp('applied_at').notNullable()
    })

    // Italian comuni, current and suppressed, by codice catastale (Belfiore).
    this.schema.createTable('comuni', (table) => {
      table.increments('id')
      table.string('cadastral_code', 4).notNullable()
      table.string('istat_code', 6).nullable()
      table.string('name', 120).notNullable()
      table.string('name_search', 120).notNullable()
      table.string('province_sigla', 2).nullable()
      table.string('region_code', 2).nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.unique(['cadastral_code', 'valid_from'])
      table.index(['name_search'])
    })

    this.schema.createTable('foreign_states', (table) => {
      table.string('cadastral_code', 4).notNullable().primary()
      table.string('name', 120).notNullable()
      table.string('iso3166', 3).nullable()
      table.date('valid_to').nullable()
    })

    this.schema.createTable('comune_caps', (table) => {
      table.increments('id')
      table.string('cadastral_code', 4).notNullable()
      table.string('cap', 5).notNullable()
      table.string('source', 10).notNullable().defaultTo('seed')
      table.unique(['cadastral_code', 'cap'])
    })

    this.schema.createTable('asl', (table) => {
      table.string('code6', 6).notNullable().primary()
      table.string('region_ministry_code', 3).notNullable()
      table.string('asl_code', 3).notNullable()
      table.string('name', 200).notNullable()
      table.string('province_istat', 3).nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
    })

    this.schema.createTable('icd9cm_diagnoses', (table) => {
      table.string('code', 8).notNullable().primary()
      table.string('code_nodot', 8).notNullable()
      table.string('description', 300).notNullable()
      table.tinyint('level').notNullable()
      table.string('parent_code', 8).nullable()
      table.boolean('is_leaf').notNullable().defaultTo(true)
      table.string('search_text', 300).notNullable()
      table.date('valid_to').nullable()
      table.index(['code_nodot'])
    })
  }

  async down() {
    this.schema.dropTable('icd9cm_diagnoses')
    this.schema.dropTable('asl')
    this.schema.dropTable('comune_caps')
    this.schema.dropTable('foreign_states')
    this.schema.dropTable('comuni')
    this.schema.dropTable('reference_datasets')
  }
}
