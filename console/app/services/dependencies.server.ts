// The state of the console's dependencies: for /readyz, and for the banner every page shows while one is down
// (the pages keep working on what they can reach instead of failing whole).
import { consoleContext } from './context.server.js';

const CHECK_TIMEOUT_MS = 2_000;
/** Pages reuse a state this recent: the banner must not add a probe to every request. */
const FRESH_MS = 5_000;

export type DependencyState = 'up' | 'down';

export interface Dependencies {
  postgresql: DependencyState;
  temporal: DependencyState;
}

async function probe(check: () => Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDependencies(): Promise<Dependencies> {
  const { db, temporal } = consoleContext();
  const [postgresql, temporalState] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(() => temporal.client.workflowService.getSystemInfo({})),
  ]);
  return { postgresql, temporal: temporalState };
}

let known: { at: number; state: Dependencies } | undefined;
let checking: Promise<Dependencies> | undefined;

function refresh(): Promise<Dependencies> {
  checking ??= checkDependencies()
    .then((state) => {
      known = { at: Date.now(), state };
      return state;
    })
    .finally(() => {
      checking = undefined;
    });
  return checking;
}

/**
 * The last known state, refreshed in the background once stale; only the very first request waits for a
 * probe. A page may therefore show the banner up to a few seconds after a dependency came back.
 */
export async function knownDependencies(): Promise<Dependencies> {
  if (!known) return refresh();
  if (Date.now() - known.at > FRESH_MS) void refresh();
  return known.state;
}

export const databaseDownMessage = 'La base de données du service ne répond pas : la console est momentanément indisponible. Réessayez dans un instant.';
export const temporalDownMessage =
  'Le moteur de processus ne répond pas : les dossiers restent consultables, mais aucune décision (planification, conclusion, annulation…) ne peut être enregistrée pour l’instant.';
