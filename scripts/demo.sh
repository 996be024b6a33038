#!/usr/bin/env bash
# npm run demo: set up everything on the embedded defaults (SQLite, inline jobs), seed a demo
# studio and start it. Run it again to restart; DEMO_PATIENTS=N chooses the demo size.
source "$(dirname "$0")/bootstrap.sh"
export NODE_ENV=development HOST="${HOST:-0.0.0.0}" PORT="${PORT:-3333}"

node ace migration:run --force
if [ ! -f tmp/.demo-seeded ]; then
  node ace demo:seed --patients="${DEMO_PATIENTS:-500}"
  touch tmp/.demo-seeded
fi

cat <<MSG

  Studio MG is starting at http://localhost:${PORT}

  Demo logins (password: Demo2026!)
    admin          amministratore
    rossi          titolare (Dott. Mario Rossi)
    bianchi        titolare (Dott.ssa Laura Bianchi)
    verdi          sostituto (Dott. Paolo Verdi)
    segreteria     collaboratore (segreteria, diritti completi)
    infermiera     collaboratore (infermiera)

MSG
exec node --import=@poppinss/ts-exec bin/server.ts
