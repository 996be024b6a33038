import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The failed sendings above the day's list are reused while their fingerprint (count, ids and
 * revisions of the doctor's PENDING and REJECTED prescriptions of the last 30 days) holds: the
 * (prescriber, state, created_at) index gains the revision, so that check reads the index only.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.index(['prescriber_id', 'state', 'created_at', 'revision'], 'prescriptions_state_revision_index')
    })
    this.schema.alterTable('prescriptions', (table) => {
      table.dropIndex(['prescriber_id', 'state', 'created_at'])
    })
  }

  async down() {
    this.schema.alterTable('prescriptions', (table) => {
      table.index(['prescriber_id', 'state', 'created_at'])
    })
    this.schema.alterTable('prescriptions', (table) => {
      table.dropIndex([], 'prescriptions_state_revision_index')
    })
  }
}
