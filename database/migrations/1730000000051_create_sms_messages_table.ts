import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The SMS log and queue. `text` is what may be shown (a secret such as an OTP or a password
 * is masked in it); the secret itself is kept encrypted only until the message is sent.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('sms_messages', (table) => {
      table.increments('id')
      table.string('to_number', 20).notNullable()
      table.string('text', 640).notNullable()
      table.text('secret_encrypted').nullable()
      table.string('driver', 12).notNullable()
      // queued | sending | retrying | sent | failed | recorded
      table.string('status', 10).notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('max_attempts').notNullable().defaultTo(5)
      table.text('last_error').nullable()
      table.string('provider_id', 120).nullable()
      table.string('purpose', 60).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('sent_at').nullable()
      table.timestamp('updated_at').nullable()
      table.index(['status', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('sms_messages')
  }
}
