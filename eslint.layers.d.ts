// Types of eslint.layers.js (plain JS so eslint.config.js can read it without a build).
/** Each folder of src/ and the folders it may import. */
export declare const layers: Readonly<Record<string, readonly string[]>>;
