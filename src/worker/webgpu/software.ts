/**
 * Tells a real GPU from a software rasterizer behind a WebGPU adapter. Dawn does not flag Mesa's
 * llvmpipe (OpenGL ES) or lavapipe (Vulkan) as `isFallbackAdapter`, and leaves vendor and
 * architecture empty on OpenGL ES, so the names in the adapter info decide. An adapter that
 * names no GPU vendor and no device is treated as software: `auto` must never pick a CPU
 * rasterizer over wasm.
 */

/** What a WebGPU adapter says about itself (GPUAdapterInfo's fields; all optional). */
export interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

export interface AdapterClass {
  readonly software: boolean;
  /** Why it counts as software or hardware, for messages. */
  readonly why: string;
}

const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader|swrast|software rasterizer|microsoft basic render|\bwarp\b/i;
const GPU_VENDOR =
  /\b(nvidia|amd|ati|radeon|radv|intel|iris|apple|qualcomm|adreno|turnip|freedreno|arm|mali|panfrost|powervr|imagination|broadcom|v3d|samsung|nouveau|geforce|quadro|tesla)\b/i;

export function classifyAdapter(info: AdapterInfoLike): AdapterClass {
  const fields = [info.vendor, info.architecture, info.device, info.description].map((s) => (s ?? '').trim());
  if (info.isFallbackAdapter) return { software: true, why: 'the adapter reports itself as a fallback adapter' };
  const soft = fields.map((s) => SOFTWARE.exec(s)?.[0]).find(Boolean);
  if (soft) return { software: true, why: `'${soft}' is a software rasterizer` };
  const vendor = fields.map((s) => GPU_VENDOR.exec(s)?.[0]).find(Boolean);
  if (vendor) return { software: false, why: `names GPU vendor '${vendor}'` };
  if (!fields[0] && !fields[2]) return { software: true, why: 'it names no vendor and no device (treated as software)' };
  return { software: false, why: `vendor '${fields[0] || '?'}', device '${fields[2] || '?'}'` };
}

/** A short human name: device (or description), vendor/architecture, and a software flag. */
export function adapterName(info: AdapterInfoLike, { software }: { software: boolean }): string {
  const main = info.device?.replace(/-+$/, '') || info.description || 'unnamed adapter';
  const extra = [info.vendor, info.architecture].filter(Boolean).join('/');
  const desc = info.device && info.description ? `, ${info.description}` : '';
  return `${main}${extra ? ` (${extra}${desc})` : desc ? ` (${desc.slice(2)})` : ''}${software ? ', software' : ''}`;
}
