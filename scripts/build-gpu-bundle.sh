#!/usr/bin/env bash
# Builds the carry bundle scripts/gpu-check.sh unpacks on a GPU machine that has no Node and no
# network: .gpu-bundle/divbench-gpu.tar.xz (git-ignored) with
#   bin/node                      this machine's Node binary (process.execPath; x86_64, needs only glibc + libstdc++)
#   lib-fallback/                 libstdc++.so.6 + libgcc_s.so.1, used only where the GPU machine lacks them
#   divbench/dist, package.json, suites/, src/report/templates/   the built harness, suites + shipped data, report templates
#   divbench/node_modules/        the production dependencies, trimmed: from each @tensorflow package only the
#                                 .node.js bundle a run loads, from `webgpu` only linux-x64's dawn.node, no
#                                 source maps, typings, TypeScript sources or docs
#   .../webgpu/dist/linux-x64/libvulkan.so.1   Debian's Vulkan loader (libvulkan1), beside dawn.node:
#                                 Dawn opens libvulkan.so.1 from its own folder first
# Usage: scripts/build-gpu-bundle.sh        (run from anywhere; builds dist/ first)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUTDIR=$ROOT/.gpu-bundle
STAGE=$OUTDIR/stage
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/lib-fallback" "$STAGE/divbench/node_modules"

[ "$(uname -m)" = x86_64 ] || { echo "build-gpu-bundle: this builds an x86_64 bundle; $(uname -m) here" >&2; exit 2; }
for p in webgpu @tensorflow/tfjs-backend-webgpu; do
  [ -f "node_modules/$p/package.json" ] || { echo "build-gpu-bundle: node_modules/$p is missing (npm ci installs the optional dependencies)" >&2; exit 2; }
done

echo "build: npm run build"
npm run build --silent

# --- Node binary + fallback C++ runtime
NODE_BIN=$(node -p 'process.execPath')
cp "$NODE_BIN" "$STAGE/bin/node"
for lib in libstdc++.so.6 libgcc_s.so.1; do
  src=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ { print $NF; exit }')
  [ -n "$src" ] && cp -L "$src" "$STAGE/lib-fallback/$lib"
done

# --- divbench itself
tar -C "$ROOT" -cf - --exclude="*.map" --exclude="*.d.ts" dist package.json suites src/report/templates | tar -C "$STAGE/divbench" -xf -

# --- production node_modules, trimmed
EXCLUDES=(--exclude='*.map' --exclude='*.d.ts' --exclude='*.d.mts' --exclude='*.d.cts' --exclude='*.ts' --exclude='*.md'
  --exclude='*.markdown' --exclude='CHANGELOG*' --exclude='docs' --exclude='test' --exclude='tests' --exclude='__tests__'
  --exclude='example' --exclude='examples' --exclude='.github' --exclude='*.flow' --exclude='*.tsbuildinfo')
mapfile -t PKGS < <(npm ls --omit=dev --all --parseable 2>/dev/null | sed "s|^$ROOT/||" | grep '^node_modules/' | sort -u)
copied=0
for pkg in "${PKGS[@]}"; do
  [ -f "$pkg/package.json" ] || continue
  case "$pkg" in
    node_modules/@tensorflow/*)
      # each tfjs package is one CommonJS bundle under Node (its "main"); the rest is browser builds
      main=$(node -p "require('./$pkg/package.json').main || ''")
      files=("$pkg/package.json")
      [ -n "$main" ] && [ -f "$pkg/$main" ] && files+=("$pkg/$main")
      tar -C "$ROOT" -cf - "${files[@]}" | tar -C "$STAGE/divbench" -xf - ;;
    node_modules/webgpu)
      tar -C "$ROOT" -cf - "$pkg/package.json" "$pkg/index.js" "$pkg/dist/linux-x64" | tar -C "$STAGE/divbench" -xf - ;;
    */@webgpu/types) ;; # typings only
    *)
      # nested node_modules are packages of their own in the list (an unanchored exclude would drop $pkg itself)
      tar -C "$ROOT" -cf - "${EXCLUDES[@]}" --exclude="$pkg/node_modules" "$pkg" | tar -C "$STAGE/divbench" -xf - ;;
  esac
  copied=$((copied + 1))
done
echo "build: $copied packages copied"

# --- Vulkan loader from Debian's libvulkan1, beside dawn.node
DEB_DIR=$OUTDIR/deb
mkdir -p "$DEB_DIR"
if ! ls "$DEB_DIR"/libvulkan1_*.deb >/dev/null 2>&1; then
  (cd "$DEB_DIR" && apt-get download libvulkan1)
fi
rm -rf "$DEB_DIR/x" && dpkg -x "$DEB_DIR"/libvulkan1_*.deb "$DEB_DIR/x"
cp -L "$DEB_DIR"/x/usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$STAGE/divbench/node_modules/webgpu/dist/linux-x64/libvulkan.so.1"

{
  echo "built $(date -u +%FT%TZ) from $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (uncommitted changes)')"
  echo "node $("$STAGE/bin/node" --version); libvulkan1 $(dpkg-deb -f "$DEB_DIR"/libvulkan1_*.deb Version)"
  echo "webgpu $(node -p "require('./node_modules/webgpu/package.json').version"); tfjs-backend-webgpu $(node -p "require('./node_modules/@tensorflow/tfjs-backend-webgpu/package.json').version")"
} > "$STAGE/BUNDLE.txt"

echo "build: unpacked size $(du -sh "$STAGE" | cut -f1) (node_modules $(du -sh "$STAGE/divbench/node_modules" | cut -f1))"
tar -C "$STAGE" -cf - . | xz -T2 -6 > "$OUTDIR/divbench-gpu.tar.xz.tmp"
mv "$OUTDIR/divbench-gpu.tar.xz.tmp" "$OUTDIR/divbench-gpu.tar.xz"
rm -rf "$STAGE" "$DEB_DIR/x"
size=$(stat -c %s "$OUTDIR/divbench-gpu.tar.xz")
echo "build: $OUTDIR/divbench-gpu.tar.xz $((size / 1024 / 1024)) MiB ($size bytes)"
[ "$size" -lt $((60 * 1024 * 1024)) ] || { echo "build-gpu-bundle: bundle over 60 MiB: the device tool carries 64 MiB in all" >&2; exit 1; }
