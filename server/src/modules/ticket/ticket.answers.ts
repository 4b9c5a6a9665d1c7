import { ErrorCode, type CategoryAnswers, type CategoryQuestion, type CategorySnapshot, type EvidenceRule } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';

/**
 * Checks a report's answers against the questions of the category version it is filed under. Returns
 * the answers to store (only known keys; text trimmed); throws VALIDATION_FAILED with one message per
 * field (`answers.<key>`).
 */
export function checkAnswers(category: Pick<CategorySnapshot, 'questions'>, answers: CategoryAnswers): CategoryAnswers {
  const fields: Record<string, string> = {};
  const out: CategoryAnswers = {};
  const questions = new Map<string, CategoryQuestion>(category.questions.map((q) => [q.key, q]));
  for (const key of Object.keys(answers)) if (!questions.has(key)) fields[`answers.${key}`] = '该类别没有这个问题';
  for (const q of category.questions) {
    const value = answers[q.key];
    const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (q.required) fields[`answers.${q.key}`] = `请回答：${q.label}`;
      continue;
    }
    const problem = checkOne(q, value);
    if (problem) fields[`answers.${q.key}`] = problem;
    else out[q.key] = typeof value === 'string' ? value.trim() : value;
  }
  const first = Object.entries(fields)[0];
  if (first) throw new AppError(ErrorCode.ValidationFailed, { message: `${first[0]}: ${first[1]}`, fields });
  return out;
}

function checkOne(q: CategoryQuestion, value: string | number | string[]): string | null {
  const options = new Set((q.options ?? []).map((o) => o.value));
  switch (q.kind) {
    case 'text': {
      if (typeof value !== 'string') return '请填写文字';
      const len = Array.from(value.trim()).length;
      const min = q.min ?? 0;
      const max = q.max ?? 200;
      if (len < min) return `至少 ${min} 个字`;
      if (len > max) return `最多 ${max} 个字`;
      return null;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return '请填写数字';
      if (q.min !== undefined && value < q.min) return `不能小于 ${q.min}`;
      if (q.max !== undefined && value > q.max) return `不能大于 ${q.max}`;
      return null;
    }
    case 'single':
      return typeof value === 'string' && options.has(value) ? null : '请从选项中选择';
    case 'multiple': {
      if (!Array.isArray(value) || !value.every((v) => options.has(v))) return '请从选项中选择';
      if (new Set(value).size !== value.length) return '选项重复了';
      return null;
    }
  }
}

/**
 * Checks the number of photos against the category's evidence rule (the schema already bounds it by
 * the product's limits). Throws VALIDATION_FAILED on `photoIds`.
 */
export function checkEvidence(rule: EvidenceRule, count: number): void {
  let message: string | null = null;
  if (count < rule.minPhotos) message = `该类问题请至少上传 ${rule.minPhotos} 张照片`;
  else if (count > rule.maxPhotos) message = `该类问题最多上传 ${rule.maxPhotos} 张照片`;
  if (message) throw new AppError(ErrorCode.ValidationFailed, { message: `photoIds: ${message}`, fields: { photoIds: message } });
}
