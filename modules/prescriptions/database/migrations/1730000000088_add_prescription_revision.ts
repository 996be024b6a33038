import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A revision on every prescription, raised by the database itself on every update, whoever
 * makes it: the count, the ids and the revisions of a doctor's day say whether anything in it
 * changed, so Gestione Studio can answer from the list it already wrote (the live refresh of
 * every open page asks for the same list at once). The covering index lets that check read the
 * index only (the list itself keeps the (prescriber, created_at) index: its order by time and id).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('prescriptions', (table) => {
      table.integer('revision').unsigned().notNullable().defaultTo(0)
    })
    this.schema.alterTable('prescriptions', (table) => {
      table.index(['prescriber_id', 'created_at', 'state', 'revision'], 'prescriptions_day_revision_index')
    })
    if (this.db.dialect.name === 'mysql') {
      this.schema.raw(`CREATE TRIGGER prescriptions_revision BEFORE UPDATE ON prescriptions FOR EACH ROW SET NEW.revision = OLD.revision + 1`)
    } else {
      // SQLite cannot change NEW: the row is raised once more after the update (triggers do not recurse); a revision set by hand never goes back either.
      this.schema.raw(
        `CREATE TRIGGER prescriptions_revision AFTER UPDATE ON prescriptions FOR EACH ROW WHEN NEW.revision <= OLD.revision
         BEGIN UPDATE prescriptions SET revision = OLD.revision + 1 WHERE id = NEW.id; END`
      )
    }
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS prescriptions_revision')
    this.schema.alterTable('prescriptions', (table) => {
      table.dropIndex([], 'prescriptions_day_revision_index')
      table.dropColumn('revision')
    })
  }
}
