#!/usr/bin/env bash
# Vendor the front-end static assets (Bootstrap, htmx, Sarabun font) from npm
# into seam_scm/static/vendor/, so pages never need a CDN or the internet.
#
# Works in a throwaway temp dir: nothing (no node_modules, no package.json)
# is left in the project. Versions and tarball integrity hashes are pinned
# below; bump them together and re-run (`make vendor`) to refresh.
#
# Needs: npm (registry access), tar, python3.
set -euo pipefail

BOOTSTRAP_VERSION=5.3.8
BOOTSTRAP_INTEGRITY='sha512-HP1SZDqaLDPwsNiqRqi5NcP0SSXciX2s9E+RyqJIIqGo+vJeN5AJVM98CXmW/Wux0nQ5L7jeWUdplCEf0Ee+tg=='
HTMX_VERSION=2.0.11
HTMX_INTEGRITY='sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=='
SARABUN_VERSION=5.3.0
SARABUN_INTEGRITY='sha512-8GWxnEIG9g/2JlZxU+APaVwipcLMkZkBps9N1tEyBxXWaJEnAtHpuaDYmFVG7lzTgr28orG7//htD/rfxDlfFg=='

# Sarabun: which weights (normal style only) and which subsets to ship.
# Subset order follows fontsource's own CSS (thai, latin-ext, latin).
SARABUN_WEIGHTS="400 600 700"
SARABUN_SUBSETS="thai latin-ext latin"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/seam_scm/static/vendor"

for tool in npm tar python3; do
    command -v "$tool" >/dev/null || { echo "vendor-static: '$tool' not found" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/seam-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# --- fetch the three tarballs (no install, no dependencies) -----------------
fetch() {  # fetch NAME VERSION INTEGRITY DIR
    local name="$1" version="$2" integrity="$3" dir="$4" tgz got
    tgz="$(cd "$WORK" && npm pack --silent "$name@$version" | tail -n1)"
    [[ -n "$tgz" && -f "$WORK/$tgz" ]] || { echo "vendor-static: npm pack $name@$version failed" >&2; exit 1; }
    got="sha512-$(python3 -c 'import base64,hashlib,sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$WORK/$tgz")"
    if [[ "$got" != "$integrity" ]]; then
        echo "vendor-static: integrity mismatch for $name@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $got" >&2
        exit 1
    fi
    mkdir -p "$WORK/$dir"
    tar -xzf "$WORK/$tgz" -C "$WORK/$dir" --strip-components=1
    echo "fetched $name@$version"
}
fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY" pkg-bootstrap
fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY" pkg-htmx
fetch @fontsource/sarabun "$SARABUN_VERSION" "$SARABUN_INTEGRITY" pkg-sarabun

# --- build the vendor tree in the temp dir first ------------------------------
OUT="$WORK/out"
mkdir -p "$OUT/bootstrap" "$OUT/htmx" "$OUT/sarabun"

# Copy a minified file, dropping lines that are only a sourceMappingURL comment
# (the .map files are not vendored; Django's manifest storage would fail on them).
strip_map() {  # strip_map SRC DST
    grep -v -E '^[[:space:]]*(/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=[^[:space:]]*)[[:space:]]*$' "$1" > "$2" || true
    [[ -s "$2" ]] || { echo "vendor-static: $2 is empty" >&2; exit 1; }
    if grep -q sourceMappingURL "$2"; then
        echo "vendor-static: $2 still mentions sourceMappingURL" >&2; exit 1
    fi
}

B="$WORK/pkg-bootstrap"
strip_map "$B/dist/css/bootstrap.min.css" "$OUT/bootstrap/bootstrap.min.css"
strip_map "$B/dist/js/bootstrap.bundle.min.js" "$OUT/bootstrap/bootstrap.bundle.min.js"
cp "$B/LICENSE" "$OUT/bootstrap/LICENSE"

H="$WORK/pkg-htmx"
strip_map "$H/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
cp "$H/LICENSE" "$OUT/htmx/LICENSE"

S="$WORK/pkg-sarabun"
cp "$S/LICENSE" "$OUT/sarabun/LICENSE"
for subset in $SARABUN_SUBSETS; do
    for weight in $SARABUN_WEIGHTS; do
        cp "$S/files/sarabun-$subset-$weight-normal.woff2" "$OUT/sarabun/"
    done
done

# sarabun.css: @font-face rules whose unicode-range values are copied verbatim
# from fontsource's own per-weight CSS (N.css), cross-checked with unicode.json.
python3 - "$S" "$OUT/sarabun/sarabun.css" "$SARABUN_VERSION" "$SARABUN_WEIGHTS" "$SARABUN_SUBSETS" <<'PY'
import json, re, sys
from pathlib import Path

pkg, out, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
weights, subsets = sys.argv[4].split(), sys.argv[5].split()
unicode_json = json.loads((pkg / "unicode.json").read_text())

block_re = re.compile(r"/\*\s*sarabun-(?P<subset>[a-z-]+)-(?P<weight>\d+)-(?P<style>normal|italic)\s*\*/\s*@font-face\s*\{(?P<body>[^}]*)\}")

rules = []
for subset in subsets:
    for weight in weights:
        css = (pkg / f"{weight}.css").read_text()
        found = [m for m in block_re.finditer(css)
                 if (m["subset"], m["weight"], m["style"]) == (subset, weight, "normal")]
        if len(found) != 1:
            sys.exit(f"sarabun: expected one block for {subset}-{weight}-normal in {weight}.css, found {len(found)}")
        body = found[0]["body"]
        ur = re.search(r"unicode-range:\s*([^;]+);", body)
        if not ur:
            sys.exit(f"sarabun: no unicode-range for {subset}-{weight} in {weight}.css")
        unicode_range = ur.group(1).strip()
        if unicode_json.get(subset) != unicode_range:
            sys.exit(f"sarabun: {weight}.css and unicode.json disagree on {subset}")
        for prop, want in (("font-family", "'Sarabun'"), ("font-style", "normal"), ("font-weight", weight)):
            if not re.search(rf"{prop}:\s*{re.escape(want)};", body):
                sys.exit(f"sarabun: unexpected {prop} in {subset}-{weight} block")
        woff2 = f"sarabun-{subset}-{weight}-normal.woff2"
        if f"./files/{woff2}" not in body:
            sys.exit(f"sarabun: {subset}-{weight} block does not point at {woff2}")
        rules.append(
            f"/* sarabun-{subset}-{weight}-normal */\n"
            "@font-face {\n"
            "  font-family: 'Sarabun';\n"
            "  font-style: normal;\n"
            "  font-display: swap;\n"
            f"  font-weight: {weight};\n"
            f"  src: url('{woff2}') format('woff2');\n"
            f"  unicode-range: {unicode_range};\n"
            "}\n"
        )

header = (
    f"/* Sarabun (SIL Open Font License 1.1, see LICENSE in this folder),\n"
    f" * from @fontsource/sarabun {version}. Generated by scripts/vendor-static.sh;\n"
    f" * do not edit by hand. Weights {', '.join(weights)}, normal style;\n"
    f" * subsets {', '.join(subsets)}. unicode-range values copied from fontsource. */\n\n"
)
out.write_text(header + "\n".join(rules))
PY

cat > "$OUT/README.md" <<EOF
# Vendored front-end assets

Served by Django/WhiteNoise from this folder; no page loads anything from a CDN.
Do not edit these files by hand: they are produced by \`scripts/vendor-static.sh\`
(run via \`make vendor\`), which downloads the pinned npm tarballs into a temp dir,
checks their sha512 integrity, and copies the files below. No \`node_modules\` or
\`package.json\` is kept in the project.

| folder | npm package | version | license | files |
| --- | --- | --- | --- | --- |
| \`bootstrap/\` | \`bootstrap\` | $BOOTSTRAP_VERSION | MIT (\`bootstrap/LICENSE\`) | \`bootstrap.min.css\`, \`bootstrap.bundle.min.js\` (includes Popper) |
| \`htmx/\` | \`htmx.org\` | $HTMX_VERSION | 0BSD (\`htmx/LICENSE\`) | \`htmx.min.js\` |
| \`sarabun/\` | \`@fontsource/sarabun\` | $SARABUN_VERSION | SIL OFL 1.1 (\`sarabun/LICENSE\`) | woff2 for weights ${SARABUN_WEIGHTS// /, } (normal), subsets ${SARABUN_SUBSETS// /, }; \`sarabun.css\` |

Notes:

- The \`sourceMappingURL\` comment lines are stripped from the minified CSS/JS,
  because the \`.map\` files are not vendored and Django's manifest static
  storage would fail trying to resolve them.
- \`sarabun/sarabun.css\` is generated: one \`@font-face\` per subset and weight,
  \`font-family: 'Sarabun'\`, \`font-display: swap\`, relative \`url()\`s to the
  woff2 files beside it, and \`unicode-range\` values copied verbatim from
  fontsource's own CSS (checked against its \`unicode.json\`). Include it with
  \`{% static 'vendor/sarabun/sarabun.css' %}\`.

## Refresh / upgrade

\`\`\`sh
make vendor            # or: bash scripts/vendor-static.sh
\`\`\`

To upgrade, edit the \`*_VERSION\` and \`*_INTEGRITY\` pins at the top of
\`scripts/vendor-static.sh\` (integrity: \`npm view PACKAGE@VERSION dist.integrity\`),
then re-run it and review the diff.
EOF

# --- swap into place (only the folders this script owns) ---------------------
mkdir -p "$DEST"
for d in bootstrap htmx sarabun; do
    rm -rf "${DEST:?}/$d"
    cp -R "$OUT/$d" "$DEST/$d"
done
cp "$OUT/README.md" "$DEST/README.md"

# The packs' PDF fonts: the Sarabun subsets merged into one file per weight
# (needs fontTools, which the project's virtualenv has through WeasyPrint).
"${PACK_FONT_PYTHON:-$ROOT/.venv/bin/python}" "$ROOT/scripts/merge-sarabun.py"
cp "$DEST/sarabun/LICENSE" "$ROOT/seam_scm/packs/fonts/LICENSE"

echo "vendored into ${DEST#"$ROOT"/}:"
(cd "$DEST" && find . -type f | sort | sed 's|^\./|  |')
