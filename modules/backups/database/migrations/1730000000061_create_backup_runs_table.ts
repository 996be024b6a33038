import { BaseSchema } from '@adonisjs/lucid/schema'

/** One row per backup run (scheduled, "Esegui ora", ace), with its outcome and its log. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('backup_runs', (table) => {
      table.increments('id')
      table.integer('task_id').unsigned().nullable().references('id').inTable('backup_tasks').onDelete('SET NULL')
      // Kept when the task is deleted: the history still says what ran.
      table.string('task_name', 100).nullable()
      // scheduled | manual | command | doctor_export
      table.string('origin', 20).notNullable()
      // queued | running | success | failed
      table.string('status', 10).notNullable()
      table.string('phase', 20).nullable()
      table.integer('progress').notNullable().defaultTo(0)
      table.timestamp('started_at').notNullable()
      table.timestamp('finished_at').nullable()
      // Written with the progress: a run whose heartbeat stopped long ago was interrupted.
      table.timestamp('heartbeat_at').nullable()
      table.string('file_path', 1000).nullable()
      table.bigInteger('size_bytes').nullable()
      table.string('log_path', 1000).nullable()
      table.text('log').nullable()
      table.text('error').nullable()
      table.integer('exit_code').nullable()
      table.integer('requested_by').unsigned().nullable().references('id').inTable('users').onDelete('SET NULL')
      table.index(['task_id', 'started_at'])
      table.index(['status'])
    })
  }

  async down() {
    this.schema.dropTable('backup_runs')
  }
}
