import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Scheduled backup tasks ("attività di backup"): where, when, how protected, whom to warn.
 * The password is kept encrypted with APP_KEY: scheduled runs need it, nobody reads it back.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('backup_tasks', (table) => {
      table.increments('id')
      table.string('name', 100).notNullable().unique()
      table.string('destination', 500).notNullable()
      table.string('second_location', 500).nullable()
      // copy | move: what happens to the file in the second location after a good run
      table.string('second_location_mode', 4).notNullable().defaultTo('copy')
      // ISO weekdays, comma separated: 1 = Monday ... 7 = Sunday
      table.string('weekdays', 20).notNullable()
      // HH:MM, in the studio's time zone
      table.string('run_at', 5).notNullable()
      table.text('password_encrypted').nullable()
      // none | included | separate: the encrypted storage folder (attachments)
      table.string('attachments', 10).notNullable().defaultTo('none')
      // Required by the form; empty only for the default task until an administrator sets them.
      table.string('notify_email', 254).nullable()
      table.string('clinic_name', 120).nullable()
      table.boolean('is_enabled').notNullable().defaultTo(true)
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
    })
  }

  async down() {
    this.schema.dropTable('backup_tasks')
  }
}
