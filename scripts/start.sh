#!/usr/bin/env bash
# npm start: production build, then the compiled server.
source "$(dirname "$0")/bootstrap.sh"
export NODE_ENV=production
node ace build
cp -r public build/ 2>/dev/null || true
[ -f .env ] && cp .env build/.env
cd build
[ -d node_modules ] || ln -s ../node_modules node_modules
node ace migration:run --force
exec node bin/server.js
