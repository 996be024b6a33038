import { BaseSchema } from '@adonisjs/lucid/schema'
import type { Knex } from 'knex'

/** Columns every record entry has: its patient, its author and when. */
function recordEntry(table: Knex.CreateTableBuilder) {
  table.increments('id')
  table.integer('patient_id').unsigned().notNullable().references('id').inTable('patients').onDelete('CASCADE')
  table.integer('created_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
  table.timestamp('created_at').notNullable()
  table.timestamp('updated_at').nullable()
}

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('problems', (table) => {
      recordEntry(table)
      table.string('icd9_code', 8).nullable()
      table.string('description', 300).notNullable()
      // active | inactive
      table.string('status', 10).notNullable().defaultTo('active')
      table.date('onset_date').notNullable()
      table.date('resolved_date').nullable()
      table.text('notes').nullable()
      table.index(['patient_id', 'status'])
    })

    this.schema.createTable('therapies', (table) => {
      recordEntry(table)
      table.integer('problem_id').unsigned().nullable().references('id').inTable('problems').onDelete('SET NULL')
      table.string('drug_name', 200).notNullable()
      table.string('aic', 9).nullable()
      table.string('active_ingredient', 200).nullable()
      table.string('posology', 300).nullable()
      table.boolean('is_continuative').notNullable().defaultTo(false)
      table.date('start_date').notNullable()
      table.date('end_date').nullable()
      table.text('notes').nullable()
      table.index(['patient_id', 'is_continuative'])
    })

    this.schema.createTable('exams', (table) => {
      recordEntry(table)
      table.integer('problem_id').unsigned().nullable().references('id').inTable('problems').onDelete('SET NULL')
      table.string('name', 200).notNullable()
      table.date('requested_on').notNullable()
      table.date('result_on').nullable()
      table.text('result').nullable()
      table.index(['patient_id', 'requested_on'])
    })

    this.schema.createTable('measurements', (table) => {
      recordEntry(table)
      // pressione | peso | altezza | spo2 | temperatura | glicemia | frequenza | any other kind
      table.string('kind', 40).notNullable()
      table.decimal('value', 10, 2).notNullable()
      // second value where a measurement has two (diastolic pressure)
      table.decimal('value2', 10, 2).nullable()
      table.string('unit', 20).nullable()
      table.timestamp('measured_at').notNullable()
      // doctor | patient
      table.string('source', 10).notNullable().defaultTo('doctor')
      table.string('notes', 300).nullable()
      table.index(['patient_id', 'kind', 'measured_at'])
    })

    this.schema.createTable('vaccinations', (table) => {
      recordEntry(table)
      table.string('vaccine', 200).notNullable()
      table.string('dose', 40).nullable()
      table.date('administered_on').notNullable()
      table.string('lot', 40).nullable()
      table.string('notes', 300).nullable()
      table.index(['patient_id', 'administered_on'])
    })

    this.schema.createTable('patient_exemptions', (table) => {
      recordEntry(table)
      table.string('code', 10).notNullable()
      table.string('description', 300).nullable()
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.index(['patient_id'])
    })

    this.schema.createTable('diary_entries', (table) => {
      recordEntry(table)
      table.integer('problem_id').unsigned().nullable().references('id').inTable('problems').onDelete('SET NULL')
      table.date('entry_date').notNullable()
      table.text('text').notNullable()
      table.index(['patient_id', 'entry_date'])
    })

    // Files are stored encrypted by the storage service; this row only describes them.
    this.schema.createTable('attachments', (table) => {
      recordEntry(table)
      // attachment | certificate
      table.string('category', 20).notNullable().defaultTo('attachment')
      table.string('original_name', 200).notNullable()
      table.string('mime_type', 100).notNullable()
      table.integer('size_bytes').unsigned().notNullable()
      table.string('storage_key', 100).notNullable().unique()
      table.string('sha256', 64).notNullable()
      table.string('description', 300).nullable()
      table.index(['patient_id', 'category'])
    })
  }

  async down() {
    for (const t of [
      'attachments',
      'diary_entries',
      'patient_exemptions',
      'vaccinations',
      'measurements',
      'exams',
      'therapies',
      'problems',
    ]) {
      this.schema.dropTable(t)
    }
  }
}
