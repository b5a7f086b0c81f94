import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the current directory: launchers and tests resolve paths from it. */
export const projectRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
