import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The prescribing reference data (reference-data spec §3 and §5): AIFA packs with their
 * ingredients and notes, and the regional catalogues of outpatient specialist services.
 * Codes stay strings (AIC 000367045); retired rows keep their valid_to, never deleted.
 */
export default class extends BaseSchema {
  async up() {
    // One row per AIC pack; name_search is the name as the picker compares it (search key).
    this.schema.createTable('drugs', (table) => {
      table.string('aic', 9).notNullable().primary()
      table.string('aic6', 6).notNullable()
      table.string('name', 150).notNullable()
      table.string('name_search', 150).notNullable()
      table.string('pack', 300).nullable()
      table.string('company', 150).nullable()
      table.string('atc', 8).nullable()
      table.string('active_ingredients', 500).nullable()
      table.string('form', 150).nullable()
      table.string('supply_regime', 60).nullable()
      table.string('admin_status', 30).nullable()
      // A or H when the pack is in the class A/H list, C otherwise; null when no source said.
      table.string('class', 1).nullable()
      table.integer('public_price_cents').nullable()
      table.integer('reference_price_cents').nullable()
      table.string('equivalence_group', 10).nullable()
      table.string('equivalence_description', 300).nullable()
      table.boolean('in_transparency_list').notNullable().defaultTo(false)
      // The region named in "Solo in lista di Regione"; null for the national list.
      table.string('regional_only', 60).nullable()
      table.string('leaflet_url', 300).nullable()
      table.string('spc_url', 300).nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.index(['name_search'])
      table.index(['aic6'])
      table.index(['atc'])
      table.index(['equivalence_group'])
    })

    // Ingredient in upper case without accents, so that a prefix finds it through the index.
    this.schema.createTable('drug_ingredients', (table) => {
      table.increments('id')
      table.string('aic', 9).notNullable()
      table.string('ingredient', 200).notNullable()
      table.string('quantity', 30).nullable()
      table.string('unit', 30).nullable()
      table.date('valid_to').nullable()
      table.unique(['aic', 'ingredient'])
      table.index(['ingredient'])
    })

    this.schema.createTable('aifa_notes', (table) => {
      table.string('number', 10).notNullable().primary()
      table.string('title', 300).notNullable()
      table.string('text_url', 300).nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
    })

    // A note applies to a pack (aic) or to an ATC code and/or ingredient (spec §3.3).
    this.schema.createTable('drug_aifa_notes', (table) => {
      table.increments('id')
      table.string('aic', 9).nullable()
      table.string('atc', 8).nullable()
      table.string('ingredient', 200).nullable()
      table.string('note_number', 10).notNullable()
      table.date('valid_to').nullable()
      table.index(['aic'])
      table.index(['atc'])
      table.index(['note_number'])
    })

    this.schema.createTable('catalogue_items', (table) => {
      table.increments('id')
      table.string('region', 20).notNullable()
      table.string('regional_code', 20).notNullable()
      table.string('national_code', 12).notNullable()
      table.string('description', 700).notNullable()
      table.string('description_search', 300).notNullable()
      table.string('branca_codes', 60).nullable()
      table.integer('tariff_cents').nullable()
      table.integer('max_quantity').nullable()
      table.string('sex', 1).nullable()
      table.integer('min_age').nullable()
      table.integer('max_age').nullable()
      table.boolean('requires_question').notNullable().defaultTo(false)
      table.text('notes').nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.unique(['region', 'regional_code'])
      table.index(['region', 'national_code'])
      table.index(['region', 'description_search'])
    })
  }

  async down() {
    this.schema.dropTable('catalogue_items')
    this.schema.dropTable('drug_aifa_notes')
    this.schema.dropTable('aifa_notes')
    this.schema.dropTable('drug_ingredients')
    this.schema.dropTable('drugs')
  }
}
