// The translator's revision. Every resource version the gloo stage derives from its inputs includes
// it, so a change in how objects are translated reaches clients even when no object changed.

/** Bumped whenever the shape of the translation output changes. */
export const TRANSLATOR_REVISION = '3';
