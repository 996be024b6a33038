/*
| What went wrong talking to the SAC, as the prescriptions module needs to know it: transport
| failures are retried (after a reconciliation when the request may have arrived), credential
| failures stop and ask the doctor, schema faults are our bug and are not retried.
*/

export class SacError extends Error {}

/** No usable answer. `mayHaveArrived`: the service may have processed the request (spec §8). */
export class SacTransportError extends SacError {
  constructor(
    message: string,
    readonly mayHaveArrived: boolean,
    readonly httpStatus: number | null = null
  ) {
    super(message)
  }
}

/** HTTP Basic credentials refused, or pincode/user refused by the service (1001–1007). */
export class SacAuthError extends SacError {
  constructor(
    message: string,
    readonly code: string | null = null
  ) {
    super(message)
  }
}

/** SOAP Fault `cvc-…`: the request broke the service's XSD. */
export class SacSchemaError extends SacError {}

/** The service answered but refused a query that is not a prescription (e.g. 1153). */
export class SacRejectedError extends SacError {
  constructor(
    message: string,
    readonly code: string
  ) {
    super(message)
  }
}

export type FailureKind = 'transport' | 'auth' | 'rejected' | 'schema' | 'unknown'

export function classifySacError(error: unknown): FailureKind {
  if (error instanceof SacAuthError) return 'auth'
  if (error instanceof SacTransportError) return 'transport'
  if (error instanceof SacSchemaError) return 'schema'
  if (error instanceof SacRejectedError) return 'rejected'
  return 'unknown'
}
