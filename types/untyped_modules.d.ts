// Packages that ship no type declarations; used only by tests and benchmark scripts.
declare module 'better-sqlite3'
declare module 'autocannon'
