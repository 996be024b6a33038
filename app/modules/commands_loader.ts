/*
| Ace loader for the commands of the enabled modules (modules/<name>/commands/*).
| Listed in adonisrc.ts `commands`; disabled modules contribute no command.
*/
import { fileURLToPath } from 'node:url'
import { FsLoader } from '@adonisjs/core/ace'
import type { BaseCommand } from '@adonisjs/core/ace'
import { enabledModules } from '#core/modules/module_registry'

type Loader = FsLoader<typeof BaseCommand>

let loaders: Loader[] | null = null

async function moduleLoaders(): Promise<Loader[]> {
  if (!loaders) {
    loaders = (await enabledModules())
      .filter((m) => m.commandsPath)
      .map((m) => new FsLoader<typeof BaseCommand>(fileURLToPath(m.commandsPath!)))
  }
  return loaders
}

export async function getMetaData() {
  const all = await Promise.all((await moduleLoaders()).map((loader) => loader.getMetaData()))
  return all.flat()
}

export async function getCommand(metaData: { commandName: string }) {
  for (const loader of await moduleLoaders()) {
    const command = await loader.getCommand(metaData as any)
    if (command) return command
  }
  return null
}
