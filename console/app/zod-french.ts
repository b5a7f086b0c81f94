// French fallback messages for zod checks that carry no message of their own (a number sent where
// text is expected, an unknown enum value…), so neither API clients nor the console's forms, which run the
// workflows' schemas in the browser, ever show an English error. Loaded by the server and by root.tsx.
import { z } from 'zod';

const typeNames: Partial<Record<string, string>> = {
  string: 'un texte',
  number: 'un nombre',
  boolean: 'true ou false',
  object: 'un objet',
  array: 'une liste',
  date: 'une date',
};

const frenchErrorMap: z.ZodErrorMap = (issue) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined') return { message: 'Valeur obligatoire' };
      // An empty or non-numeric number input, as react-hook-form reads it.
      if (issue.received === 'nan') return { message: 'Indiquez un nombre' };
      return { message: `Type invalide : ${typeNames[issue.expected] ?? issue.expected} attendu` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `Valeur inconnue ; valeurs admises : ${issue.options.join(', ')}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: `Valeur attendue : ${String(issue.expected)}` };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `Champs inconnus : ${issue.keys.join(', ')}` };
    case z.ZodIssueCode.too_small:
      return { message: issue.type === 'array' ? `Au moins ${String(issue.minimum)} élément(s)` : `Valeur trop petite (minimum ${String(issue.minimum)})` };
    case z.ZodIssueCode.too_big:
      return { message: issue.type === 'array' ? `Au plus ${String(issue.maximum)} élément(s)` : `Valeur trop grande (maximum ${String(issue.maximum)})` };
    case z.ZodIssueCode.invalid_string:
      return { message: 'Format invalide' };
    default:
      return { message: 'Valeur invalide' };
  }
};

z.setErrorMap(frenchErrorMap);
