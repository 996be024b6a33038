import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Columns of the reference-data spec the first schema left out: the ASL short name (sigla)
 * and the ISTAT code of its seat, and the ICD9-CM chapter (1–17, V, E) used by reports.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('asl', (table) => {
      table.string('short_name', 60).nullable()
      table.string('seat_istat_comune', 6).nullable()
    })
    this.schema.alterTable('icd9cm_diagnoses', (table) => {
      table.string('chapter', 2).nullable()
    })
  }

  async down() {
    this.schema.alterTable('icd9cm_diagnoses', (table) => {
      table.dropColumn('chapter')
    })
    this.schema.alterTable('asl', (table) => {
      table.dropColumn('seat_istat_comune')
      table.dropColumn('short_name')
    })
  }
}
