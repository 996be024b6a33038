/*
| A real SMTP server inside the test process: it speaks the protocol, optionally demands
| authentication or refuses recipients, and hands the tests the parsed messages.
*/
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

export interface TestSmtp {
  port: number
  messages: ParsedMail[]
  raw: Buffer[]
  /** Envelope recipients, in order of arrival. */
  envelopes: string[][]
  waitForMessages(count: number, timeoutMs?: number): Promise<ParsedMail[]>
  close(): Promise<void>
}

export async function startTestSmtp(options: { auth?: { user: string; pass: string }; rejectRecipient?: string } = {}): Promise<TestSmtp> {
  const messages: ParsedMail[] = []
  const raw: Buffer[] = []
  const envelopes: string[][] = []
  const server = new SMTPServer({
    authOptional: !options.auth,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
        return callback(null, { user: auth.username })
      }
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }))
    },
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient && address.address === options.rejectRecipient) {
        return callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
      }
      callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', async () => {
        const data = Buffer.concat(chunks)
        raw.push(data)
        envelopes.push(session.envelope.rcptTo.map((r) => r.address))
        messages.push(await simpleParser(data))
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.server.address() as { port: number }).port
  return {
    port,
    messages,
    raw,
    envelopes,
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, received ${messages.length}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return messages
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
