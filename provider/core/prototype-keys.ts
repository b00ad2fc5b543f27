/**
 * Keys that name a prototype or a member every object inherits: `__proto__`, `prototype`,
 * `constructor`, and the other names of Object.prototype (`toString`, `hasOwnProperty`, ...).
 * JSON.parse (and so a stack configuration) makes `__proto__` an own property that Object.keys
 * lists; copied by assignment it would change an object's prototype instead of setting a field.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "prototype", ...Object.getOwnPropertyNames(Object.prototype)]);

/** What a message says of such a key, after naming it. */
export const PROTOTYPE_KEY_REASON =
  "a prototype key (__proto__, prototype, constructor or another name of Object.prototype) is never an argument; remove it";

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key);
}

/** The own keys of a value that are prototype keys, in order. */
export function prototypeKeysOf(value: object): string[] {
  return Object.keys(value).filter(isPrototypeKey);
}
