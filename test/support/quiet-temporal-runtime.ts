// Worker lifecycle lines at INFO drown test failures; warnings and errors still print.
import { IllegalStateError } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch (error) {
  // A forked test process that already ran another file keeps the runtime it installed then.
  if (!(error instanceof IllegalStateError)) throw error;
}
