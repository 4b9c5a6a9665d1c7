import { Input, Text, View } from '@tarojs/components';
import type { CategoryAnswers, CategoryQuestion } from '@linli/shared';
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

const isBlank = (v: Answer | undefined) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * Checks answers against the category's questions the way the server does: required ones present,
 * numbers within bounds, text within length, options among the offered ones. Returns messages per key.
 */
export function checkAnswers(questions: CategoryQuestion[], answers: CategoryAnswers): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const q of questions) {
    const v = answers[q.key];
    if (isBlank(v)) {
      if (q.required) errors[q.key] = q.kind === 'single' || q.kind === 'multiple' ? `请选择：${q.label}` : `请填写：${q.label}`;
      continue;
    }
    if (q.kind === 'number') {
      if (typeof v !== 'number' || !Number.isFinite(v)) errors[q.key] = `${q.label}应为数字`;
      else if (q.min !== undefined && v < q.min) errors[q.key] = `${q.label}不能小于 ${q.min}`;
      else if (q.max !== undefined && v > q.max) errors[q.key] = `${q.label}不能大于 ${q.max}`;
    } else if (q.kind === 'text') {
      const len = String(v).trim().length;
      if (q.min !== undefined && len < q.min) errors[q.key] = `${q.label}至少 ${q.min} 个字`;
      else if (len > (q.max ?? 200)) errors[q.key] = `${q.label}最多 ${q.max ?? 200} 个字`;
    } else {
      const values = Array.isArray(v) ? v : [String(v)];
      const allowed = new Set((q.options ?? []).map((o) => o.value));
      if (values.some((x) => !allowed.has(x))) errors[q.key] = `请重新选择：${q.label}`;
    }
  }
  return errors;
}

/** Only the answers to these questions, blanks dropped, numbers as numbers (what the API takes). */
export function cleanAnswers(questions: CategoryQuestion[], answers: CategoryAnswers): CategoryAnswers {
  const out: CategoryAnswers = {};
  for (const q of questions) {
    const v = answers[q.key];
    if (isBlank(v)) continue;
    out[q.key] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
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
