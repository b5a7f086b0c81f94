// `npm run bundle -- <file>`: the workflows bundled once, for workers started with WORKFLOW_BUNDLE_PATH=<file>
// (a deployment builds it with the image, from the same code as the workers' activities).
import path from 'node:path';
import { writeWorkflowBundle } from './worker.js';

const file = path.resolve(process.argv[2] ?? 'data/workflow-bundle.js');
await writeWorkflowBundle(file);
console.log(`Workflows assemblés dans ${file}`);
