import type { CategoryAnswers, CategoryQuestion } from '@linli/shared';

/** What went wrong with one attribute, in the standard's English. */
export class AttributeError extends Error {}

/**
 * Turns Open311 `attribute[code]=value` pairs into the answers of the category's questions: numbers are
 * parsed, single-value lists must name an option, multi-value lists take `attribute[code][]=a&...` (or a
 * comma list) of options, required questions must be answered, unknown codes are refused.
 * @throws AttributeError naming the attribute.
 */
export function answersFromAttributes(questions: readonly CategoryQuestion[], attribute: Record<string, string | string[]> | undefined): CategoryAnswers {
  const given = attribute ?? {};
  const byKey = new Map(questions.map((q) => [q.key, q]));
  for (const code of Object.keys(given)) {
    if (!byKey.has(code)) throw new AttributeError(`attribute[${code}] is not an attribute of this service`);
  }
  const answers: CategoryAnswers = {};
  for (const q of questions) {
    const raw = given[q.key];
    const empty = raw === undefined || (Array.isArray(raw) ? raw.length === 0 : raw.trim() === '');
    if (empty) {
      if (q.required) throw new AttributeError(`attribute[${q.key}] is required`);
      continue;
    }
    const options = new Set((q.options ?? []).map((o) => o.value));
    switch (q.kind) {
      case 'number': {
        const text = Array.isArray(raw) ? raw[0] : raw;
        const n = Number(text);
        if (!Number.isFinite(n)) throw new AttributeError(`attribute[${q.key}] must be a number`);
        if (q.min !== undefined && n < q.min) throw new AttributeError(`attribute[${q.key}] must be at least ${q.min}`);
        if (q.max !== undefined && n > q.max) throw new AttributeError(`attribute[${q.key}] must be at most ${q.max}`);
        answers[q.key] = n;
        break;
      }
      case 'single': {
        const v = (Array.isArray(raw) ? raw[0] : raw).trim();
        if (Array.isArray(raw) && raw.length > 1) throw new AttributeError(`attribute[${q.key}] takes one value`);
        if (!options.has(v)) throw new AttributeError(`attribute[${q.key}] must be one of ${[...options].join(', ')}`);
        answers[q.key] = v;
        break;
      }
      case 'multiple': {
        const values = (Array.isArray(raw) ? raw : raw.split(',')).map((s) => s.trim()).filter(Boolean);
        const bad = values.find((v) => !options.has(v));
        if (bad !== undefined) throw new AttributeError(`attribute[${q.key}] has an unknown value ${bad}`);
        answers[q.key] = [...new Set(values)];
        break;
      }
      default: {
        const v = (Array.isArray(raw) ? raw.join(',') : raw).trim();
        const max = q.max ?? 200;
        if (v.length > max) throw new AttributeError(`attribute[${q.key}] is longer than ${max} characters`);
        if (q.min !== undefined && v.length < q.min) throw new AttributeError(`attribute[${q.key}] is shorter than ${q.min} characters`);
        answers[q.key] = v;
      }
    }
  }
  return answers;
}
