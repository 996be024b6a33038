import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Prescriptions (prescriptions-demat spec §3 and §8): the header with its local state and the
 * service's answer, the items, and every state change with who made it and why.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('prescriptions', (table) => {
      table.increments('id')
      // DEM_FARMACEUTICA | DEM_SPECIALISTICA | ROSSA | BIANCA_ELETTRONICA | BIANCA
      table.string('kind', 20).notNullable()
      table.string('state', 20).notNullable()
      table.integer('patient_id').unsigned().notNullable().references('id').inTable('patients')
      // The titolare on whose regional position the prescription goes out.
      table.integer('prescriber_id').unsigned().notNullable().references('id').inTable('users')
      table.integer('substitute_id').unsigned().nullable().references('id').inTable('users')
      table.integer('prepared_by_user_id').unsigned().notNullable().references('id').inTable('users')
      table.integer('validated_by_user_id').unsigned().nullable().references('id').inTable('users')
      table.integer('sent_by_user_id').unsigned().nullable().references('id').inTable('users')
      table.integer('clinic_id').unsigned().nullable()
      // Prescriptions born from one request split by the limits share this key.
      table.string('group_key', 36).notNullable()
      table.integer('group_index').notNullable().defaultTo(1)
      table.integer('group_size').notNullable().defaultTo(1)
      table.boolean('obscured').notNullable().defaultTo(false)
      table.string('exemption_code', 6).nullable()
      table.boolean('not_exempt').notNullable().defaultTo(true)
      table.boolean('income_exempt').notNullable().defaultTo(false)
      table.string('diagnosis_code', 10).nullable()
      table.string('diagnosis_text', 300).nullable()
      table.string('priority', 1).nullable()
      table.string('visit_type', 1).notNullable().defaultTo('A')
      table.string('indication', 1).nullable()
      table.string('tipo_ric', 2).nullable()
      table.integer('problem_id').unsigned().nullable()
      // print | no_print | sms | email | email_clear | portal: chosen when prescribing
      table.string('delivery', 12).notNullable().defaultTo('print')
      table.boolean('awaiting_print').notNullable().defaultTo(false)
      table.string('compiled_at', 19).nullable()
      table.string('nre', 15).nullable()
      table.string('auth_code', 40).nullable()
      table.string('inserted_at', 19).nullable()
      table.string('promemoria_storage_key', 200).nullable()
      table.string('regional_message', 500).nullable()
      table.string('remote_status', 2).nullable()
      // [{ code, text, itemIndex, severity }] from the service
      table.text('messages').nullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('next_retry_at').nullable()
      table.text('last_transport_error').nullable()
      table.string('red_code', 15).nullable()
      table.string('cancel_reason', 300).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').nullable()
      table.timestamp('validated_at').nullable()
      table.timestamp('sent_at').nullable()
      table.index(['prescriber_id', 'created_at'])
      table.index(['patient_id', 'created_at'])
      table.index(['state'])
      table.index(['group_key'])
    })

    this.schema.createTable('prescription_items', (table) => {
      table.increments('id')
      table.integer('prescription_id').unsigned().notNullable().references('id').inTable('prescriptions').onDelete('CASCADE')
      table.integer('position').notNullable()
      // AIC (drug) or national catalogue code (service)
      table.string('code', 20).nullable()
      table.string('description', 300).notNullable()
      table.string('equivalence_group', 10).nullable()
      table.string('equivalence_description', 300).nullable()
      table.integer('quantity').notNullable()
      table.boolean('not_substitutable').notNullable().defaultTo(false)
      table.string('not_substitutable_reason', 200).nullable()
      table.string('aifa_note', 10).nullable()
      table.string('catalogue_code', 20).nullable()
      table.string('access_type', 1).nullable()
      table.string('posology', 300).nullable()
      table.boolean('continuative').notNullable().defaultTo(false)
      table.integer('price_cents').nullable()
      table.string('drug_class', 1).nullable()
      table.string('notes', 300).nullable()
      table.index(['prescription_id', 'position'])
    })

    this.schema.createTable('prescription_events', (table) => {
      table.increments('id')
      table.integer('prescription_id').unsigned().notNullable().references('id').inTable('prescriptions').onDelete('CASCADE')
      table.string('event', 30).notNullable()
      table.string('from_state', 20).nullable()
      table.string('to_state', 20).notNullable()
      table.integer('user_id').unsigned().nullable()
      table.string('note', 500).nullable()
      table.timestamp('occurred_at').notNullable()
      table.index(['prescription_id', 'id'])
    })

    // The doctor's Sistema TS / regional credentials: encrypted, never shown to staff (spec §3.3).
    this.schema.createTable('demat_credentials', (table) => {
      table.increments('id')
      table.integer('user_id').unsigned().notNullable().unique().references('id').inTable('users')
      table.text('secret').notNullable()
      table.string('region_code', 3).notNullable()
      table.string('asl_code', 3).notNullable()
      table.string('structure_code', 20).nullable()
      table.string('specialization_code', 1).notNullable().defaultTo('F')
      table.date('password_expires_at').nullable()
      table.timestamp('updated_at').nullable()
    })

    // The substitute who validates and sends for an absent titolare (Gestione Studio, "firmatario").
    this.schema.createTable('prescription_signers', (table) => {
      table.increments('id')
      table.integer('titolare_id').unsigned().notNullable().unique().references('id').inTable('users')
      table.integer('substitute_id').unsigned().notNullable().references('id').inTable('users')
      table.integer('set_by_user_id').unsigned().nullable()
      table.timestamp('updated_at').notNullable()
    })
  }

  async down() {
    this.schema.dropTable('prescription_signers')
    this.schema.dropTable('demat_credentials')
    this.schema.dropTable('prescription_events')
    this.schema.dropTable('prescription_items')
    this.schema.dropTable('prescriptions')
  }
}
