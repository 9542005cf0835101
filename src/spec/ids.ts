/** Component ids: kebab-case, safe in cell ids and folder names (a leaf file: registry imports it). */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Ids key plain objects through the analysis and the report: one that names an Object.prototype
 * member (`constructor` is the only kebab-case one) would read the built-in instead of a value.
 */
export function isReservedId(s: string): boolean {
  return s in Object.prototype;
}

export const RESERVED_ID_MESSAGE = 'is a built-in JavaScript property name, which divbench cannot use as an id; choose another (e.g. add a suffix)';
