/*
| Who may change what the whole studio relies on (drug list, codes, DSS rules): the
| administrator only. Messages are read by every staff member.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

export const canManageUpdates = (user: User) => user.isAdmin

export const manageUpdates = Bouncer.ability(canManageUpdates)
