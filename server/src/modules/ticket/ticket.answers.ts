import { ErrorCode, normalizeAnswers, validateAnswers, type CategoryAnswers, type CategorySnapshot, type EvidenceRule } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';

/**
 * Checks a report's answers against the questions of the category version it is filed under, with the
 * shared rule the client form uses (`validateAnswers`). Returns the answers to store
 * (`normalizeAnswers`); throws VALIDATION_FAILED with one message per field (`answers.<key>`).
 */
export function checkAnswers(category: Pick<CategorySnapshot, 'questions'>, answers: CategoryAnswers): CategoryAnswers {
  const errors = validateAnswers(category.questions, answers);
  const fields = Object.fromEntries(Object.entries(errors).map(([key, message]) => [key === '_' ? 'answers' : `answers.${key}`, message]));
  const first = Object.entries(fields)[0];
  if (first) throw new AppError(ErrorCode.ValidationFailed, { message: `${first[0]}: ${first[1]}`, fields });
  return normalizeAnswers(category.questions, answers);
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
