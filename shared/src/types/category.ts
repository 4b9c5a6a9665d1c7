import type { DepartmentCode } from '../constants/departments';

/** Working-time amounts are counted over the work calendar (`domain/work-calendar.ts`). */
export type TimeLimitUnit = 'hours' | 'days';

/** A time limit in working hours or working days (a working day is 8 working hours). */
export interface TimeLimit {
  amount: number;
  unit: TimeLimitUnit;
}

export type QuestionKind = 'text' | 'number' | 'single' | 'multiple';

export interface QuestionOption {
  /** Stable value stored in answers; labels may be reworded without breaking old tickets. */
  value: string;
  label: string;
}

/** An extra question asked when reporting in a category (Open311: a service definition attribute). */
export interface CategoryQuestion {
  /** Key of the answer in `answers` (`[a-z][a-z0-9_]*`). */
  key: string;
  label: string;
  kind: QuestionKind;
  required: boolean;
  /** For single / multiple. */
  options?: QuestionOption[];
  /** For number: inclusive bounds; for text: bounds on the length (default 0-200). */
  min?: number;
  max?: number;
  /** Shown under the field. */
  hint?: string;
}

/** Answers to a category's questions: text -> string, number -> number, single -> value, multiple -> values. */
export type CategoryAnswers = Record<string, string | number | string[]>;

/** How many photos a report in this category must and may carry. */
export interface EvidenceRule {
  minPhotos: number;
  maxPhotos: number;
}

/** A major category (大类). */
export interface MajorCategoryDefinition {
  code: string;
  name: string;
  /** Governance domain it belongs to (城市管理, 公共安全, ...), for grouping on the dashboard. */
  domain: string;
  active: boolean;
}

/** A minor category (小类) as the catalogue defines it: what a report in it needs and who handles it. */
export interface MinorCategoryDefinition {
  /** `CG-0101`: major code, dash, two digits of the major's number, two of the minor's. */
  code: string;
  name: string;
  majorCode: string;
  /** One-sentence explanation for the reporter ("车辆停放在人行道、消防通道或禁停路段"). */
  description: string;
  /** Extra search words (synonyms residents use: 乱停车, 摆摊). */
  keywords: string[];
  /** Owning departments, first = lead. */
  departments: DepartmentCode[];
  /** A grid worker may fix it on the spot (当场处置) without dispatch. */
  onSpotFixable: boolean;
  /** From report to filing (立案). */
  fileLimit: TimeLimit;
  /** From dispatch to handled (处置). */
  handleLimit: TimeLimit;
  evidence: EvidenceRule;
  /** Private by default: never on the public board, reporter identity kept from the public. */
  sensitive: boolean;
  /** The reporting form suggests protected-reporter mode (identity hidden from departments too). */
  protectedReporterSuggested: boolean;
  /** Open tickets of the category within this radius and window are offered as duplicates. */
  duplicateRadiusMeters: number;
  duplicateWindowHours: number;
  questions: CategoryQuestion[];
  active: boolean;
}

/**
 * One version of a minor category, as a ticket reads it: the ticket stores `code` + `version` and takes
 * its limits, evidence rules and questions from this snapshot, never from the current definition.
 */
export interface CategorySnapshot extends MinorCategoryDefinition {
  version: number;
  /** Name of the major category (its current name). */
  majorName: string;
}

/** A major category with its minor categories, as GET /categories returns the catalogue. */
export interface CategoryTreeNode extends MajorCategoryDefinition {
  version: number;
  children: CategorySnapshot[];
}

/** One catalogue entry as the admin list shows it (major or minor). */
export interface AdminCategoryResponse {
  kind: 'major' | 'minor';
  code: string;
  name: string;
  /** Major code of a minor; null for a major. */
  majorCode: string | null;
  active: boolean;
  /** Current version: send it back with PATCH (optimistic lock). */
  version: number;
  updatedAt: string;
  /** The full current definition. */
  major?: MajorCategoryDefinition;
  minor?: CategorySnapshot;
}

/** One entry of a category's history. */
export interface CategoryVersionResponse {
  code: string;
  version: number;
  kind: 'major' | 'minor';
  snapshot: MajorCategoryDefinition | MinorCategoryDefinition;
  /** Who saved it: null for the built-in catalogue. */
  editor: { id: number; nickname: string } | null;
  note: string | null;
  /** Top-level fields that differ from the previous version. */
  changed: string[];
  createdAt: string;
}

export interface DepartmentResponse {
  code: DepartmentCode;
  name: string;
  fullName: string;
  scope: string;
}
