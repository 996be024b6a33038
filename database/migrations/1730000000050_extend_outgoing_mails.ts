import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The outbox becomes the mail service's queue: every mail is a row first, then a job sends
 * it; the row keeps its state (queued, held, sending, retrying, sent, failed, recorded),
 * attempts and last error so that a failed send stays visible at /admin/posta. A mail may
 * wait for another (the password of a protected attachment goes only after the zip).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('outgoing_mails', (table) => {
      table.string('from_address', 254).nullable()
      table.string('template', 80).nullable()
      table.text('html', 'mediumtext').nullable()
      // [{ filename, contentType, sizeBytes, storageKey }]: contents encrypted in the storage
      table.text('attachments').nullable()
      // The body holds a secret (a password): stored encrypted, never shown in the outbox.
      table.boolean('secret').notNullable().defaultTo(false)
      table.integer('wait_for_mail_id').unsigned().nullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('max_attempts').notNullable().defaultTo(6)
      table.text('last_error').nullable()
      table.string('message_id', 250).nullable()
      table.timestamp('sent_at').nullable()
      table.timestamp('updated_at').nullable()
      table.index(['status', 'id'])
      table.index(['wait_for_mail_id'])
    })

    // What the development catcher received: the proof of what left, with its attachments.
    this.schema.createTable('caught_mails', (table) => {
      table.increments('id')
      table.string('message_id', 250).nullable()
      table.string('from_address', 254).nullable()
      table.text('to_addresses').notNullable()
      table.string('subject', 250).nullable()
      table.text('text', 'mediumtext').nullable()
      table.text('html', 'mediumtext').nullable()
      table.text('attachments').nullable()
      table.integer('size_bytes').notNullable().defaultTo(0)
      table.timestamp('received_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('caught_mails')
    this.schema.alterTable('outgoing_mails', (table) => {
      table.dropIndex(['wait_for_mail_id'])
      table.dropIndex(['status', 'id'])
      for (const column of [
        'from_address', 'template', 'html', 'attachments', 'secret', 'wait_for_mail_id', 'attempts',
        'max_attempts', 'last_error', 'message_id', 'sent_at', 'updated_at',
      ]) table.dropColumn(column)
    })
  }
}
