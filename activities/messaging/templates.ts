// Message templates are published by administrators (protocol configuration, `messages`), whose schema
// refuses unknown placeholders; one without a value still fails the send loudly instead of mailing "{{x}}".
import { templatePlaceholder } from '../../workflows/rules/protocol-config.js';

export function renderTemplate(
  template: { subject: string; body: string },
  values: Record<string, string>,
): { subject: string; body: string } {
  const fill = (text: string): string =>
    text.replace(templatePlaceholder, (_match, name: string) => {
      const value = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined) throw new Error(`Modèle de message : la variable {{${name}}} n’a pas de valeur`);
      return value;
    });
  return { subject: fill(template.subject), body: fill(template.body) };
}
