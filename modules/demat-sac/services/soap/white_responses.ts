/*
| Reading the answers of the NRBE service (spec §6.8 [P]): outcome code, NRBE and its PIN, the
| transaction protocol, errors and communications. Public clients show the error and message
| lists in lower camel case (`erroreRicetta`, `comunicazione`); they are looked for at any depth
| and in either case, since the schema is not public.
*/
import type { ServiceMessage } from '#services/demat/region_plugin'
import { severityOf } from '#services/demat/sac_schema/answers'
import { text, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacMessage } from '../error_messages.js'
import { OPERATIONS, WHITE_ITEM_TAG, WHITE_ITEM_TAGS, type WhiteOperation } from './protocol.js'
import { readAnswer, type SacAnswer, type SacCommunication } from './responses.js'

/** Every element named `name` (first letter in either case) under `node`, depth first. */
export function findAll(node: unknown, name: string): XmlNode[] {
  const names = new Set([name, name[0].toUpperCase() + name.slice(1), name[0].toLowerCase() + name.slice(1)])
  const found: XmlNode[] = []
  const walk = (value: unknown) => {
    if (!value || typeof value !== 'object') return
    if (Array.isArray(value)) return value.forEach(walk)
    for (const [key, child] of Object.entries(value as XmlNode)) {
      if (names.has(key)) {
        for (const one of Array.isArray(child) ? child : [child]) if (one && typeof one === 'object') found.push(one as XmlNode)
      } else walk(child)
    }
  }
  walk(node)
  return found
}

function common(node: XmlNode, operation: WhiteOperation, itemCount: number): SacAnswer {
  const messages: ServiceMessage[] = findAll(node, 'erroreRicetta').map((e) => {
    const code = text(e, 'codEsito')
    // identificativoProdPrest: the item's progressive when it is one of ours.
    const index = Number.parseInt(text(e, 'identificativoProdPrest') || text(e, 'progPresc'), 10)
    return {
      code,
      text: sacMessage(code, text(e, 'esito')),
      itemIndex: Number.isInteger(index) && index > 0 && index <= Math.max(itemCount, 1) ? index : null,
      severity: severityOf(text(e, 'tipoErrore')),
    }
  })
  const communications: SacCommunication[] = findAll(node, 'comunicazione').map((c) => ({ code: text(c, 'codice'), message: text(c, 'messaggio') }))
  return { outcomeCode: text(node, OPERATIONS[operation].outcomeTag), messages, communications }
}

export interface WhiteSendAnswer extends SacAnswer {
  nrbe: string
  pin: string
  protocol: string
  insertedAt: string
  promemoriaPdf: string | null
}

export function parseWhiteSendAnswer(xml: string, itemCount = 99): WhiteSendAnswer {
  const node = readAnswer(xml, 'invioBianca')
  return {
    ...common(node, 'invioBianca', itemCount),
    nrbe: text(node, 'nrbe'),
    pin: text(node, 'pinNrbe'),
    protocol: text(node, 'protocolloTransazione'),
    insertedAt: text(node, 'dataInserimento'),
    promemoriaPdf: text(node, 'pdfPromemoria') || null,
  }
}

export interface WhiteViewAnswer extends SacAnswer {
  nrbe: string
  pin: string
  remoteStatus: string
  protocol: string
  compiledAt: string
  cfMedico: string
  items: Array<Record<string, string>>
}

export function parseWhiteViewAnswer(xml: string): WhiteViewAnswer {
  const node = readAnswer(xml, 'visualizzaBianca')
  const items = findAll(node, WHITE_ITEM_TAG).map((i) => Object.fromEntries(WHITE_ITEM_TAGS.map((tag) => [tag, text(i, tag)])))
  return {
    ...common(node, 'visualizzaBianca', items.length),
    nrbe: text(node, 'nrbe'),
    pin: text(node, 'pinNrbe'),
    remoteStatus: text(node, 'statoProcesso'),
    protocol: text(node, 'protocolloTransazione'),
    compiledAt: text(node, 'dataCompilazione'),
    cfMedico: text(node, 'cfMedico'),
    items,
  }
}

export interface WhiteCancelAnswer extends SacAnswer {
  nrbe: string
}

export function parseWhiteCancelAnswer(xml: string): WhiteCancelAnswer {
  const node = readAnswer(xml, 'annullaBianca')
  return { ...common(node, 'annullaBianca', 0), nrbe: text(node, 'nrbe') }
}
