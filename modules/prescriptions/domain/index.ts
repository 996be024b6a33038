/*
| The pure rules of prescriptions: codes, limits, numbering, states and permissions.
| No database and no framework, so actions, policies and views share one source of truth.
*/
export * from './aic.js'
export * from './compiled_at.js'
export * from './invalid_code.js'
export * from './kinds.js'
export * from './limits.js'
export * from './nre.js'
export * from './priority.js'
export * from './red_pad.js'
export * from './split_items.js'
export * from './state_machine.js'
export * from './tipo_ric.js'
export * from './who_may.js'
