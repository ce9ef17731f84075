/** Builds out/electron/main.cjs and out/electron/preload.cjs under root; resolves to the output folder. */
export function buildElectron(root: string, outDir?: string): Promise<string>;
