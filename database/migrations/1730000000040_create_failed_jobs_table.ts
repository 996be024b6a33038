import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Dead letters of the job service: a job that failed its last attempt is kept here (on both
 * drivers) so that the administrator sees the error and can retry it from /admin/code.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('failed_jobs', (table) => {
      table.increments('id')
      // bullmq | inline: where the job ran, and so how "Riprova" re-runs it
      table.string('driver', 10).notNullable()
      table.string('queue', 60).notNullable()
      table.string('job_name', 150).notNullable()
      table.string('job_id', 200).nullable()
      table.text('payload').notNullable()
      table.text('error').notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('failed_at').notNullable()
      table.timestamp('retried_at').nullable()
      table.index(['retried_at', 'failed_at'])
    })
  }

  async down() {
    this.schema.dropTable('failed_jobs')
  }
}
