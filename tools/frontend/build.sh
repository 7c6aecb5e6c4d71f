#!/usr/bin/env bash
# Rebuild the vendored front-end assets in static/vendor/.
#
#   bash tools/frontend/build.sh
#
# Needs Node.js + npm and access to the npm registry (build time only; the app
# never loads anything from a CDN). Versions are pinned in package.json and
# package-lock.json next to this script; node_modules/ is gitignored.
#
# Produces:
#   static/vendor/govuk-frontend/govuk-frontend.min.css   (compiled from SCSS, system font stack,
#                                                          no "GDS Transport", no @font-face)
#   static/vendor/govuk-frontend/govuk-frontend.min.js    (+ .map; ES module, upstream file)
#   static/vendor/govuk-frontend/LICENSE.txt
#   static/vendor/htmx/htmx.min.js                         (upstream file)
#   static/vendor/htmx/LICENSE
#
# GOV.UK brand images (favicons/app icons/crest) are NOT copied: every image
# shipped in govuk-frontend/dist/govuk/assets/images is the GOV.UK crown or
# Royal Coat of Arms, which may only be used by GOV.UK services. Fonts are
# never copied. Set INCLUDE_GOVUK_BRAND_IMAGES=1 only if this service is
# entitled to the GOV.UK brand.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
vendor="$root/static/vendor"
cd "$here"

# Install exactly what the lockfile says (fall back to install on first run).
# --ignore-scripts: nothing we need has a build step (sass is pure JS).
if [[ -f package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
else
  npm install --ignore-scripts --no-audit --no-fund
fi

nm="$here/node_modules"
gf="$nm/govuk-frontend/dist/govuk"
gf_version="$(node -p 'require("./node_modules/govuk-frontend/package.json").version')"
htmx_version="$(node -p 'require("./node_modules/htmx.org/package.json").version')"

rm -rf "$vendor/govuk-frontend" "$vendor/htmx"
mkdir -p "$vendor/govuk-frontend" "$vendor/htmx"

# --- GOV.UK Frontend CSS ---------------------------------------------------
"$nm/.bin/sass" \
  --pkg-importer=node \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  "$here/govuk-frontend.scss" \
  "$vendor/govuk-frontend/govuk-frontend.min.css"

css="$vendor/govuk-frontend/govuk-frontend.min.css"
if grep -q "GDS Transport" "$css"; then
  echo "ERROR: compiled CSS still references GDS Transport" >&2; exit 1
fi
if grep -q "@font-face" "$css"; then
  echo "ERROR: compiled CSS contains @font-face rules" >&2; exit 1
fi

# --- GOV.UK Frontend JS (ES module bundle) ---------------------------------
cp "$gf/govuk-frontend.min.js" "$gf/govuk-frontend.min.js.map" "$vendor/govuk-frontend/"
# The npm package ships no LICENSE file; this is upstream's LICENSE.txt verbatim.
cp "$here/licenses/govuk-frontend-LICENSE.txt" "$vendor/govuk-frontend/LICENSE.txt"

if [[ "${INCLUDE_GOVUK_BRAND_IMAGES:-0}" == "1" ]]; then
  mkdir -p "$vendor/govuk-frontend/assets"
  cp -R "$gf/assets/images" "$vendor/govuk-frontend/assets/"
  cp "$gf/assets/manifest.json" "$vendor/govuk-frontend/assets/"
fi

# --- htmx --------------------------------------------------------------------
cp "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
cp "$nm/htmx.org/LICENSE" "$vendor/htmx/LICENSE"

echo "govuk-frontend $gf_version, htmx.org $htmx_version -> $vendor"
( cd "$root" && find static/vendor -type f -exec ls -l {} + | awk '{print $5"\t"$9}' )
