import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      table.timestamp('occurred_at').notNullable()
      table.integer('user_id').unsigned().nullable()
      table.string('user_label', 120).nullable()
      table.string('role', 20).nullable()
      // read | create | update | delete | download | login | login_failed | logout | ...
      table.string('action', 30).notNullable()
      table.string('entity', 40).notNullable()
      table.string('entity_id', 40).nullable()
      table.integer('patient_id').unsigned().nullable()
      table.string('ip', 45).nullable()
      table.string('method', 8).nullable()
      table.string('url', 300).nullable()
      table.text('details').nullable()
      table.index(['patient_id', 'occurred_at'])
      table.index(['user_id', 'occurred_at'])
      table.index(['occurred_at'])
    })

    // Append-only: the database itself refuses to change or remove an entry.
    if (this.db.dialect.name === 'mysql') {
      this.schema.raw(
        `CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs FOR EACH ROW
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only'`
      )
      this.schema.raw(
        `CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs FOR EACH ROW
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_logs is append-only'`
      )
    } else {
      this.schema.raw(
        `CREATE TRIGGER audit_logs_no_update BEFORE UPDATE ON audit_logs
         BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END`
      )
      this.schema.raw(
        `CREATE TRIGGER audit_logs_no_delete BEFORE DELETE ON audit_logs
         BEGIN SELECT RAISE(ABORT, 'audit_logs is append-only'); END`
      )
    }
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS audit_logs_no_update')
    this.schema.raw('DROP TRIGGER IF EXISTS audit_logs_no_delete')
    this.schema.dropTable('audit_logs')
  }
}
