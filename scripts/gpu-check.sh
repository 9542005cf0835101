#!/usr/bin/env bash
# Device check for the WebGPU backend on a machine with an NVIDIA GPU but no Node and no network.
# It unpacks the bundle scripts/build-gpu-bundle.sh made (.gpu-bundle/divbench-gpu.tar.xz: Node,
# divbench, trimmed node_modules, Dawn, Debian's Vulkan loader), points the Vulkan loader at the
# NVIDIA driver (its ICD file, or one written for libGLX_nvidia.so.0, e.g. under /usr/local/nvidia),
# prints the WebGPU adapter, trains one MLP and one CNN cell of the default suite on `--backend
# webgpu` and writes everything to $OUT (adapter.json, run folder with result.json/index.html,
# summary.txt, log). Exit 0 only when both cells completed on a real GPU adapter.
#
# Environment:
#   OUT                        where results go (default ./gpu-check-out)
#   GPU_BUNDLE                 the bundle (default .gpu-bundle/divbench-gpu.tar.xz beside this repo)
#   GPU_CHECK_WORK             where it unpacks (default /tmp/divbench-gpu)
#   GPU_CHECK_ALLOW_SOFTWARE=1 accept a software adapter (Mesa llvmpipe) — to test this script without a GPU
#   GPU_CHECK_LIMIT=N          use only the first N images (default: the suite's 10k)
#   GPU_CHECK_EPOCHS=N, GPU_CHECK_FOLDS=N   override the suite's protocol (default: as in the suite)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-$PWD/gpu-check-out}
BUNDLE=${GPU_BUNDLE:-$REPO/.gpu-bundle/divbench-gpu.tar.xz}
WORK=${GPU_CHECK_WORK:-/tmp/divbench-gpu}
mkdir -p "$OUT"
exec > >(tee -a "$OUT/gpu-check.log") 2>&1
t0=$(date +%s)
say() { echo "gpu-check [$(( $(date +%s) - t0 ))s]: $*"; }

[ -f "$BUNDLE" ] || { say "no bundle at $BUNDLE: run scripts/build-gpu-bundle.sh where Node and npm are, and carry .gpu-bundle"; exit 2; }
say "unpacking $BUNDLE ($(du -h "$BUNDLE" | cut -f1)) into $WORK"
rm -rf "$WORK" && mkdir -p "$WORK"
if command -v xz >/dev/null; then
  tar -C "$WORK" -xJf "$BUNDLE"
elif command -v python3 >/dev/null; then
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1], "r:xz").extractall(sys.argv[2])' "$BUNDLE" "$WORK"
else
  say "need xz or python3 to unpack the bundle"; exit 2
fi
cat "$WORK/BUNDLE.txt"
NODE=$WORK/bin/node
APP=$WORK/divbench
DAWN_DIR=$APP/node_modules/webgpu/dist/linux-x64

# --- shared libraries: the NVIDIA driver's, and a C++ runtime only if the system has none
LIBS=""
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -d "$d" ] && LIBS="$LIBS:$d"; done
if ! ldconfig -p 2>/dev/null | grep -q 'libstdc++.so.6 (.*x86-64'; then
  say "no libstdc++.so.6 on the system: using the bundle's"; LIBS="$LIBS:$WORK/lib-fallback"
fi
export LD_LIBRARY_PATH="${LIBS#:}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# --- Vulkan: the loader sits beside dawn.node; find the NVIDIA ICD (or write one for its library)
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  icd=$(find /usr/local/nvidia /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d \
    -maxdepth 4 -name 'nvidia_icd*.json' 2>/dev/null | head -1 || true)
  if [ -z "$icd" ]; then
    lib=$(find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib -maxdepth 3 -name 'libGLX_nvidia.so.0' 2>/dev/null | head -1 || true)
    if [ -n "$lib" ]; then
      mkdir -p "$WORK/icd"
      icd=$WORK/icd/nvidia_icd.json
      printf '{ "file_format_version": "1.0.0", "ICD": { "library_path": "%s", "api_version": "1.3.0" } }\n' "$lib" > "$icd"
      say "no NVIDIA ICD file found; wrote $icd for $lib"
    fi
  fi
  if [ -n "$icd" ]; then
    export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
    say "Vulkan ICD: $icd"; cat "$icd"
  else
    say "no NVIDIA Vulkan driver found (no nvidia_icd.json, no libGLX_nvidia.so.0); Dawn will look for any Vulkan driver or OpenGL ES"
  fi
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/gpu-check: nvidia-smi: /' || true
ls -l "$DAWN_DIR"

# --- the adapter, as divbench's discovery sees it (every route, software ones included)
say "WebGPU adapters"
(cd "$APP" && "$NODE" --input-type=module -e "
  const { findAdapter, loadDawn, ADAPTER_ROUTES } = await import('./dist/worker/webgpu/adapter.js');
  const dawn = await loadDawn();
  const routes = [];
  for (const route of ADAPTER_ROUTES) {
    const r = await findAdapter(dawn, { allowSoftware: true, routes: [route] });
    routes.push({ ...route, log: r.log[0], adapter: r.found?.record ?? null,
      limits: r.found ? Object.fromEntries(['maxBufferSize', 'maxStorageBufferBindingSize', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxStorageBuffersPerShaderStage'].map((k) => [k, r.found.adapter.limits[k]])) : null });
  }
  const json = JSON.stringify(routes, null, 2);
  (await import('node:fs')).writeFileSync(process.argv[1], json + '\n');
  for (const r of routes) console.log('  ' + r.log);
" "$OUT/adapter.json") 2> "$OUT/dawn-stderr.txt" || { say "adapter discovery failed"; cat "$OUT/dawn-stderr.txt"; exit 1; }

# --- one MLP and one CNN cell of the default suite
SUITE=$WORK/gpu-check.yaml
(cd "$APP" && "$NODE" --input-type=module -e "
  const { readFileSync, writeFileSync } = await import('node:fs');
  const YAML = (await import('yaml')).default;
  const s = YAML.parse(readFileSync('suites/fashion-mnist.yaml', 'utf8'));
  const pick = (xs, type) => xs.find((x) => x.type === type) ?? xs[0];
  s.name = 'gpu-check';
  s.description = 'scripts/gpu-check.sh: one MLP and one CNN cell of ' + 'suites/fashion-mnist.yaml on --backend webgpu';
  s.architectures = ['mlp', 'cnn'].map((t) => s.architectures.find((a) => a.type === t)).filter(Boolean);
  s.optimizers = [pick(s.optimizers, 'adam')];
  s.seeds = [s.seeds[0]];
  delete s.models; delete s.exclude; // the forest and boosting cells are CPU learners
  const env = process.env;
  if (env.GPU_CHECK_LIMIT) s.datasets = s.datasets.map((d) => ({ ...d, params: { ...d.params, limit: Number(env.GPU_CHECK_LIMIT) } }));
  if (env.GPU_CHECK_EPOCHS) s.protocol.epochs = Number(env.GPU_CHECK_EPOCHS);
  if (env.GPU_CHECK_FOLDS) s.protocol.folds = Number(env.GPU_CHECK_FOLDS);
  writeFileSync(process.argv[1], YAML.stringify(s));
" "$SUITE")
cat "$SUITE"
say "training on --backend webgpu"
set +e
(cd "$APP" && "$NODE" dist/cli.js run "$SUITE" --backend webgpu --jobs 1 --out "$OUT/runs")
rc=$?
set -e
say "divbench run exited $rc"

# --- verdict
(cd "$APP" && "$NODE" --input-type=module -e "
  const { readdirSync, readFileSync, existsSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const root = join(process.argv[1], 'runs', 'gpu-check');
  const run = existsSync(root) ? readdirSync(root).sort().pop() : undefined;
  if (!run) { console.log('no run folder'); process.exit(1); }
  const cells = join(root, run, 'cells');
  const lines = [], problems = [];
  for (const id of readdirSync(cells)) {
    const f = join(cells, id, 'result.json');
    if (!existsSync(f)) { problems.push(id + ': no result.json'); continue; }
    const r = JSON.parse(readFileSync(f, 'utf8'));
    const b = r.backend ?? {};
    if (r.state !== 'completed') problems.push(id + ': ' + r.state + ' ' + JSON.stringify(r.error ?? r.diverged ?? ''));
    if (b.name !== 'webgpu') problems.push(id + ': ran on ' + b.name);
    if (b.adapter?.software && process.env.GPU_CHECK_ALLOW_SOFTWARE !== '1') problems.push(id + ': software adapter ' + b.adapter.name + ' (set GPU_CHECK_ALLOW_SOFTWARE=1 to accept)');
    const s = r.summary;
    lines.push(id + ': ' + r.state + ' on ' + (b.device ?? b.name) + (s ? ' · held-out acc ' + s.heldOutAccuracy.mean.toFixed(4) + ' · train ' + Math.round(s.trainSamplesPerSec ?? 0) + ' samples/s · inference ' + Math.round(s.inference?.samplesPerSec ?? 0) + ' samples/s' : '') + ' · ' + (r.durationMs / 1000).toFixed(1) + ' s');
  }
  const text = ['run ' + join(root, run), ...lines, problems.length ? 'PROBLEMS:\n  ' + problems.join('\n  ') : 'OK: every cell completed on webgpu'].join('\n');
  writeFileSync(join(process.argv[1], 'summary.txt'), text + '\n');
  console.log(text);
  process.exit(problems.length ? 1 : 0);
" "$OUT") && verdict=0 || verdict=1
say "done (divbench rc $rc, verdict $verdict); results in $OUT"
exit $(( rc != 0 ? rc : verdict ))
