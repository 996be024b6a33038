#!/usr/bin/env bash
# npm run bench: HTTP benchmarks (search, chart vs a bare route; SQLite and MariaDB), then the
# job queue benchmark (BullMQ vs in-process) when Redis answers, then PDFs (pooled vs a browser per PDF),
# then Gestione Studio with 2,000 prescriptions of the day and a batch of 200 promemoria as one zip.
source "$(dirname "$0")/bootstrap.sh"
node --import=@poppinss/ts-exec scripts/bench/http.ts
if [ -n "$(command -v redis-cli)" ] && redis-cli -h "${REDIS_HOST:-127.0.0.1}" ping >/dev/null 2>&1; then
  node --import=@poppinss/ts-exec scripts/bench/jobs.ts
fi
node --import=@poppinss/ts-exec scripts/bench/pdf.ts
node --import=@poppinss/ts-exec scripts/bench/gestione_studio.ts
node --import=@poppinss/ts-exec scripts/bench/promemoria.ts
