/** Component ids: kebab-case, safe in cell ids and folder names (a leaf file: registry imports it). */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
