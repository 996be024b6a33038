/*
| A code typed, scanned or composed that does not have the required form (NRE, AIC, pad code).
| The message is Italian and shown to the user as it is.
*/

export type CodeKind = 'nre' | 'aic' | 'red_pad' | 'code39'

export class InvalidCode extends Error {
  constructor(
    readonly kind: CodeKind,
    readonly value: string,
    message: string
  ) {
    super(message)
    this.name = 'InvalidCode'
  }
}
