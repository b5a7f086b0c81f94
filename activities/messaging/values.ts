// How the messages to employees write dates, times, names and visit types, whichever activity sends them.

// The convocations' calendar entries: the service books visits in half-hour slots.
export const SLOT_MINUTES = 30;

export const parisDate = (instant: Date) => instant.toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'full' });
export const parisTime = (instant: Date) => instant.toLocaleTimeString('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });
/** « Visite de reprise » reads « visite de reprise » inside a sentence. */
export const inSentence = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
export const employeeNameOf = (employee: { firstNames: string; birthName: string }) => `${employee.firstNames} ${employee.birthName}`;
