// Message templates are published by administrators (protocol configuration, `messages`), so a
// placeholder without a value fails the send loudly instead of mailing "{{x}}" to an employee.
const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function renderTemplate(
  template: { subject: string; body: string },
  values: Record<string, string>,
): { subject: string; body: string } {
  const fill = (text: string): string =>
    text.replace(placeholder, (_match, name: string) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) throw new Error(`Modèle de message : la variable {{${name}}} n’a pas de valeur`);
      return value;
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}
