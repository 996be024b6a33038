/*
| Live channels: `users/<id>` (one user) and `roles/<role>` (everyone with that role).
| A signed-in user may subscribe only to his own user channel and to his role's channel;
| any other channel name is refused, so nothing can be broadcast to "whoever asks".
*/
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { ContainerBindings } from '@adonisjs/core/types'
import type User from '#models/user'
import type { Role } from '#core/modules/define_module'

export const ROLES: Role[] = ['admin', 'titolare', 'sostituto', 'collaboratore']

export const userChannel = (id: number) => `users/${id}`
export const roleChannel = (role: Role) => `roles/${role}`

/** The channels the page of this user listens to. */
export function channelsFor(user: User): string[] {
  return [userChannel(user.id), roleChannel(user.role)]
}

const KNOWN = /^(users\/[1-9]\d*|roles\/[a-z]+)$/

export function authorizeLiveChannels(transmit: ContainerBindings['transmit']) {
  transmit.authorize<{ id: string }>('users/:id', (ctx: HttpContext, { id }: { id: string }) => {
    return ctx.auth.user?.id === Number(id)
  })
  transmit.authorize<{ role: string }>('roles/:role', (ctx: HttpContext, { role }: { role: string }) => {
    return ctx.auth.user?.role === role
  })
}

/** Route middleware of POST /__transmit/subscribe: unknown channel names get a 400. */
export async function refuseUnknownChannels(ctx: HttpContext, next: NextFn) {
  const channel = ctx.request.input('channel')
  if (typeof channel !== 'string' || !KNOWN.test(channel)) return ctx.response.badRequest()
  return next()
}
