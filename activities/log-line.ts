// One log line as a JSON object (LOG_FORMAT=json), the same shape for the worker and the console, so a log
// collector parses both alike: time, level, message, service, then the line's own fields.
export function writeJsonLine(service: string, time: Date, level: string, message: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: time.toISOString(), level, message, service, ...fields })}\n`);
}
