import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A service that refuses to dematerialise a prescription may say to use the red pad instead
 * (e.g. FVG codes 060120–060130): the flag makes Gestione Studio propose it first.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.boolean('red_suggested').notNullable().defaultTo(false)
    })
  }

  async down() {
    this.schema.alterTable('prescriptions', (table) => {
      table.dropColumn('red_suggested')
    })
  }
}
