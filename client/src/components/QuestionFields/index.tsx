import { Input, Text, View } from '@tarojs/components';
import { normalizeAnswers, validateAnswers, type CategoryAnswers, type CategoryQuestion } from '@linli/shared';
import './index.scss';

type Answer = CategoryAnswers[string];

interface Props {
  questions: CategoryQuestion[];
  answers: CategoryAnswers;
  onChange: (answers: CategoryAnswers) => void;
  /** Messages per question key. */
  errors?: Record<string, string>;
  /** Prefix of element ids (default `question`): `<id>-<key>`, options `<id>-<key>-<value>`. */
  id?: string;
}

/**
 * Checks answers against the category's questions with the same rule as the server (shared
 * `validateAnswers`): messages per question key.
 */
export function checkAnswers(questions: CategoryQuestion[], answers: CategoryAnswers): Record<string, string> {
  return validateAnswers(questions, answers);
}

/** The answers as the API takes them (shared `normalizeAnswers`: trimmed, numbers as numbers, blanks dropped). */
export function cleanAnswers(questions: CategoryQuestion[], answers: CategoryAnswers): CategoryAnswers {
  return normalizeAnswers(questions, answers);
}

/** The category's extra questions: text, number, one choice or several. Required ones are marked. */
export default function QuestionFields({ questions, answers, onChange, errors = {}, id = 'question' }: Props) {
  if (!questions.length) return null;
  const set = (key: string, v: Answer | undefined) => {
    const next = { ...answers };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <View className='questions'>
      {questions.map((q) => {
        const v = answers[q.key];
        const err = errors[q.key];
        return (
          <View key={q.key} className={`field${err ? ' field--invalid' : ''}`} id={`${id}-${q.key}`}>
            <Text className='field__label'>
              {q.label}
              {q.required ? <Text className='text-danger'> *</Text> : <Text className='muted'>（选填）</Text>}
            </Text>
            {q.kind === 'text' && (
              <Input
                id={`${id}-${q.key}-input`}
                className='input'
                value={typeof v === 'string' ? v : ''}
                maxlength={q.max ?? 200}
                onInput={(e) => set(q.key, e.detail.value || undefined)}
              />
            )}
            {q.kind === 'number' && (
              <Input
                id={`${id}-${q.key}-input`}
                className='input'
                type='digit'
                value={typeof v === 'number' ? String(v) : ''}
                onInput={(e) => {
                  const raw = e.detail.value.trim();
                  set(q.key, raw === '' ? undefined : Number(raw));
                }}
              />
            )}
            {(q.kind === 'single' || q.kind === 'multiple') && (
              <View className='questions__options'>
                {(q.options ?? []).map((o) => {
                  const on = q.kind === 'single' ? v === o.value : Array.isArray(v) && v.includes(o.value);
                  const toggle = () => {
                    if (q.kind === 'single') set(q.key, on ? undefined : o.value);
                    else {
                      const list = Array.isArray(v) ? v : [];
                      const next = on ? list.filter((x) => x !== o.value) : [...list, o.value];
                      set(q.key, next.length ? next : undefined);
                    }
                  };
                  return (
                    <View
                      key={o.value}
                      id={`${id}-${q.key}-${o.value}`}
                      className={`questions__option${on ? ' questions__option--on' : ''}`}
                      role={q.kind === 'single' ? 'radio' : 'checkbox'}
                      aria-checked={on}
                      onClick={toggle}
                    >
                      {on ? '✓ ' : ''}
                      {o.label}
                    </View>
                  );
                })}
              </View>
            )}
            {q.hint && <Text className='field__hint'>{q.hint}</Text>}
            {q.kind === 'multiple' && !q.hint && <Text className='field__hint'>可多选</Text>}
            {err && <Text className='field__error'>{err}</Text>}
          </View>
        );
      })}
    </View>
  );
}
