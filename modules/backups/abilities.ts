/*
| Who may run and restore backups: they hold every patient's data, so the administrator only.
| `manageBackups` is the Bouncer ability the controllers authorize with (the module-level
| `abilities` entry of module.ts declares the same rule to the core).
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

export const canManageBackups = (user: User) => user.isAdmin

export const manageBackups = Bouncer.ability(canManageBackups)
