import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.string('username', 60).notNullable().unique()
      table.string('email', 254).nullable()
      table.string('first_name', 80).notNullable()
      table.string('last_name', 80).notNullable()
      // administrator | titolare | sostituto | collaboratore
      table.string('role', 20).notNullable()
      table.string('fiscal_code', 16).nullable()
      table.string('regional_code', 20).nullable()
      table.string('asl_code', 6).nullable()
      table.string('password', 255).notNullable()
      table.boolean('is_enabled').notNullable().defaultTo(true)
      table.boolean('unrestricted_rights').notNullable().defaultTo(false)
      table.boolean('must_change_password').notNullable().defaultTo(true)
      table.integer('failed_login_count').notNullable().defaultTo(0)
      table.timestamp('locked_at').nullable()
      table.timestamp('password_changed_at').nullable()
      table.timestamp('last_login_at').nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.index(['role'])
    })

    // A titolare names associates: doctors who may prescribe to (and read) his patients.
    this.schema.createTable('user_associates', (table) => {
      table.increments('id')
      table.integer('titolare_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.integer('associate_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE')
      table.timestamp('created_at').notNullable()
      table.unique(['titolare_id', 'associate_id'])
    })

    this.schema.createTable('rate_limits', (table) => {
      table.string('key', 255).notNullable().primary()
      table.integer('points', 9).notNullable().defaultTo(0)
      table.bigint('expire').unsigned().nullable()
    })
  }

  async down() {
    this.schema.dropTable('rate_limits')
    this.schema.dropTable('user_associates')
    this.schema.dropTable('users')
  }
}
