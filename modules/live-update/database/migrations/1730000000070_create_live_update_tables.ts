import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Live update: the history of what was applied (or refused), the versions of the components
 * this module owns (reference datasets are recorded in reference_datasets by the core), and
 * the two components it owns: messages to the studio and the DSS rule sets.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('update_history', (table) => {
      table.increments('id')
      table.string('component_key', 60).notNullable()
      table.string('from_version', 60).nullable()
      table.string('to_version', 60).nullable()
      // running | applied | failed | refused
      table.string('outcome', 10).notNullable()
      // admin | command | job
      table.string('origin', 10).notNullable()
      table.integer('user_id').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      // Kept when the account is deleted: the history still says who applied it.
      table.string('user_label', 200).nullable()
      table.integer('rows_added').notNullable().defaultTo(0)
      table.integer('rows_changed').notNullable().defaultTo(0)
      table.integer('rows_retired').notNullable().defaultTo(0)
      table.integer('rows_total').notNullable().defaultTo(0)
      table.text('error').nullable()
      table.timestamp('started_at').notNullable()
      table.timestamp('finished_at').nullable()
      table.index(['started_at'])
    })

    this.schema.createTable('update_components', (table) => {
      table.string('key', 60).notNullable().primary()
      table.string('version', 60).notNullable()
      table.string('sha256', 64).nullable()
      table.integer('row_count').notNullable().defaultTo(0)
      table.timestamp('applied_at').notNullable()
    })

    this.schema.createTable('update_messages', (table) => {
      table.increments('id')
      table.string('key', 80).notNullable().unique()
      table.string('title', 200).notNullable()
      table.text('body').notNullable()
      // all | admin | titolare | sostituto | collaboratore
      table.string('audience', 20).notNullable().defaultTo('all')
      table.date('valid_from').nullable()
      table.date('valid_to').nullable()
      table.timestamp('published_at').notNullable()
    })

    this.schema.createTable('update_message_dismissals', (table) => {
      table.increments('id')
      table.integer('message_id').unsigned().notNullable().references('id').inTable('update_messages').onDelete('CASCADE')
      table.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.timestamp('dismissed_at').notNullable()
      table.unique(['message_id', 'user_id'])
    })

    this.schema.createTable('dss_rule_sets', (table) => {
      table.string('key', 80).notNullable().primary()
      table.string('version', 60).notNullable()
      // The rules as the feed ships them (JSON text); the dss-rules module reads them.
      table.text('rules').notNullable()
      table.timestamp('applied_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('dss_rule_sets')
    this.schema.dropTable('update_message_dismissals')
    this.schema.dropTable('update_messages')
    this.schema.dropTable('update_components')
    this.schema.dropTable('update_history')
  }
}
