import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AdminCategoryQuery,
  CategoryListQuery,
  CategorySnapshot,
  CategoryTreeNode,
  CategoryVersionResponse,
  CreateCategoryInput,
  ErrorCode,
  MajorCategoryDefinition,
  majorCategoryDefinitionSchema,
  MinorCategoryDefinition,
  minorCategoryDefinitionSchema,
  Role,
  safeParseZh,
  searchCategories,
  UpdateCategoryInput,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { UserEntity } from '../user/user.entity';
import { CategoryVersionEntity } from './category-version.entity';
import { CategoryEntity } from './category.entity';
import { catalogueEditorPath, isAdmin } from './category.policy';
import { presentAdminCategory, presentVersions, toSnapshot } from './category.presenter';
import type { AdminCategoryResponse } from '@linli/shared';

/** Versions are immutable, so a process may keep them; this caps the cache. */
const VERSION_CACHE_LIMIT = 2000;

/**
 * How long a process serves the public catalogue from memory. Edits made by this process clear it at
 * once; edits made by another process (several servers on one MySQL) show after at most this long.
 */
const CATALOGUE_TTL_MS = 30_000;

/** Fields a major category accepts in an edit. */
const MAJOR_EDITABLE = new Set(['name', 'domain', 'active']);

interface Catalogue {
  loadedAt: number;
  majors: CategoryEntity[];
  minors: CategoryEntity[];
}

/**
 * The category catalogue: current and historical versions of minor categories for the ticket module,
 * the public tree, admin edits (each edit a new version, optimistic-locked, audited).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class CategoryService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  /** (code@version) -> definition; versions never change once written. */
  private readonly versions = new Map<string, MinorCategoryDefinition>();

  private catalogue: Catalogue | null = null;

  /**
   * The current version of an active minor category, as a new ticket files it. Without a manager it
   * comes from this process's catalogue cache (no query: edits made here clear it at once, edits made
   * by another server process show within CATALOGUE_TTL_MS; the ticket records the version either way,
   * and every version stays readable). With a manager it is read in that transaction.
   * @throws AppError VALIDATION_FAILED on field `categoryCode` when the code is unknown, a major
   *   category, or inactive (itself or its major).
   */
  async current(code: string, m?: EntityManager): Promise<CategorySnapshot> {
    if (typeof code !== 'string' || !/^[A-Z]{2}-\d{4}$/.test(code)) throw unknownCategory();
    let row: CategoryEntity | undefined;
    let major: CategoryEntity | undefined;
    if (m) {
      const rows = await m.find(CategoryEntity, { where: { code: In([code, code.slice(0, 2)]) } });
      row = rows.find((r) => r.code === code);
      major = rows.find((r) => r.code === code.slice(0, 2));
    } else {
      const catalogue = await this.loadCatalogue();
      row = catalogue.minors.find((r) => r.code === code);
      major = catalogue.majors.find((r) => r.code === code.slice(0, 2));
    }
    if (!row || row.kind !== 'minor' || !row.active || !major || !major.active || row.majorCode !== major.code) throw unknownCategory();
    return toSnapshot(row, major.name);
  }

  /**
   * Version `version` of minor category `code`, whatever its current state (a ticket keeps the version it
   * was filed under, even after the category is edited or deactivated). `majorName` is the major's
   * current name.
   * @throws AppError NOT_FOUND when that version does not exist.
   */
  async version(code: string, version: number, m: EntityManager = this.dataSource.manager): Promise<CategorySnapshot> {
    const key = `${code}@${version}`;
    let def = this.versions.get(key);
    if (!def) {
      const row = await m.findOne(CategoryVersionEntity, { where: { code, version } });
      if (!row || row.kind !== 'minor') throw notFound();
      def = row.snapshot as MinorCategoryDefinition;
      if (this.versions.size >= VERSION_CACHE_LIMIT) this.versions.clear();
      this.versions.set(key, def);
    }
    const majorName = (await this.majorNames()).get(def.majorCode) ?? def.majorCode;
    return { ...def, version, majorName };
  }

  /** The active catalogue as a tree (public); `q` keeps matching minors, best first. */
  async tree(query: CategoryListQuery): Promise<CategoryTreeNode[]> {
    const { majors, minors } = await this.loadCatalogue();
    const majorName = new Map(majors.map((x) => [x.code, x.name]));
    const activeMajors = majors.filter((x) => x.active && (!query.major || x.code === query.major));
    const activeCodes = new Set(activeMajors.map((x) => x.code));
    const snapshots = minors.filter((x) => x.active && activeCodes.has(x.majorCode!)).map((x) => toSnapshot(x, majorName.get(x.majorCode!)!));
    const matched = searchCategories(snapshots, query.q);
    const nodes = activeMajors.map(
      (x): CategoryTreeNode => ({ ...(x.definition as MajorCategoryDefinition), version: x.currentVersion, children: matched.filter((c) => c.majorCode === x.code) }),
    );
    if (!query.q) return nodes;
    // With a keyword: only majors with matches, ordered by their best match.
    const rank = new Map(matched.map((c, i) => [c.code, i]));
    return nodes
      .filter((n) => n.children.length)
      .sort((a, b) => rank.get(a.children[0].code)! - rank.get(b.children[0].code)!);
  }

  /** One active minor category, current version (public). @throws AppError NOT_FOUND. */
  async detail(code: string): Promise<CategorySnapshot> {
    try {
      return await this.current(code);
    } catch {
      throw notFound();
    }
  }

  /** The catalogue for admins (inactive entries too), in catalogue order: each major, then its minors. */
  async adminList(auth: AuthState, query: AdminCategoryQuery): Promise<AdminCategoryResponse[]> {
    if (!isAdmin(auth.grants)) throw forbidden();
    const m = this.dataSource.manager;
    const rows = await m.find(CategoryEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
    const majorName = new Map(rows.filter((r) => r.kind === 'major').map((r) => [r.code, r.name]));
    let list = rows.filter(
      (r) =>
        (!query.kind || r.kind === query.kind) &&
        (!query.major || r.code === query.major || r.majorCode === query.major) &&
        (query.active === undefined || r.active === (query.active === 'true')),
    );
    if (query.q) {
      const found = searchCategories(
        list.map((r) => ({
          row: r,
          code: r.code,
          name: r.name,
          keywords: r.kind === 'minor' ? (r.definition as MinorCategoryDefinition).keywords : [],
          description: r.kind === 'minor' ? (r.definition as MinorCategoryDefinition).description : '',
          majorName: r.kind === 'minor' ? majorName.get(r.majorCode!) ?? '' : r.name,
        })),
        query.q,
      );
      list = found.map((f) => f.row);
    } else {
      const order = new Map<string, number>();
      rows.filter((r) => r.kind === 'major').forEach((r, i) => order.set(r.code, i));
      list = [...list].sort(
        (a, b) =>
          (order.get(a.majorCode ?? a.code) ?? 0) - (order.get(b.majorCode ?? b.code) ?? 0) ||
          (a.kind === 'major' ? -1 : 0) - (b.kind === 'major' ? -1 : 0) ||
          a.sortOrder - b.sortOrder,
      );
    }
    return list.map((r) => presentAdminCategory(r, r.majorCode ? majorName.get(r.majorCode) ?? null : null));
  }

  /**
   * Creates a major or minor category as version 1 (district admins), audited in the same transaction.
   * @throws AppError FORBIDDEN (not an admin of a top-level unit), VALIDATION_FAILED (unknown major),
   *   CATEGORY_CODE_TAKEN.
   */
  async create(auth: AuthState, input: CreateCategoryInput): Promise<AdminCategoryResponse> {
    const unitPath = this.requireEditor(auth);
    const { kind, ...def } = input;
    const result = await this.tx.run(async (m) => {
      if (await m.exists(CategoryEntity, { where: { code: def.code } })) throw new AppError(ErrorCode.CategoryCodeTaken, { fields: { code: '该编码已存在' } });
      let major: CategoryEntity | null = null;
      if (kind === 'minor') {
        major = await m.findOne(CategoryEntity, { where: { code: (def as MinorCategoryDefinition).majorCode } });
        if (!major || major.kind !== 'major') throw fieldError('majorCode', '大类不存在');
      }
      const maxOrder = await m.createQueryBuilder(CategoryEntity, 'c').select('MAX(c.sort_order)', 'max').getRawOne<{ max: number | null }>();
      const row = m.create(CategoryEntity, {
        code: def.code,
        kind,
        majorCode: kind === 'minor' ? (def as MinorCategoryDefinition).majorCode : null,
        name: def.name,
        active: def.active,
        currentVersion: 1,
        definition: def as MajorCategoryDefinition | MinorCategoryDefinition,
        sortOrder: Number(maxOrder?.max ?? 0) + 1,
      });
      try {
        await m.insert(CategoryEntity, row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError(ErrorCode.CategoryCodeTaken, { fields: { code: '该编码已存在' } });
        throw err;
      }
      await m.insert(CategoryVersionEntity, { code: def.code, version: 1, kind, snapshot: row.definition, editorId: auth.userId, note: null });
      await this.audit.record(m, { actorId: auth.userId, actorRole: Role.Admin, unitPath, action: 'category.create', targetType: 'category', targetId: def.code, before: null, after: row.definition });
      const saved = await m.findOneOrFail(CategoryEntity, { where: { code: def.code } });
      return presentAdminCategory(saved, major?.name ?? null);
    });
    this.catalogue = null;
    return result;
  }

  /**
   * Edits a category: merges the change into the current definition, validates the result, and writes it
   * as a new version, if `input.version` is still the current one (else 409 CONFLICT with the fresh
   * category in `data.category`). Audited in the same transaction. Tickets filed earlier keep their
   * version.
   * @throws AppError FORBIDDEN, NOT_FOUND, VALIDATION_FAILED, CONFLICT.
   */
  async update(auth: AuthState, code: string, input: UpdateCategoryInput): Promise<AdminCategoryResponse> {
    const unitPath = this.requireEditor(auth);
    const { version, note, ...changes } = input;
    const result = await this.tx.run(async (m) => {
      const row = await m.findOne(CategoryEntity, { where: { code } });
      if (!row) throw notFound();
      const majorName = row.majorCode ? (await m.findOne(CategoryEntity, { where: { code: row.majorCode } }))?.name ?? null : null;
      if (version !== row.currentVersion) throw conflict(row, majorName);
      const next = this.merge(row, changes);
      const nextVersion = row.currentVersion + 1;
      const r = await m
        .createQueryBuilder()
        .update(CategoryEntity)
        .set({ name: next.name, active: next.active, definition: next as never, currentVersion: nextVersion })
        .where('code = :code AND current_version = :version', { code, version })
        .execute();
      if (!r.affected) throw conflict((await m.findOneOrFail(CategoryEntity, { where: { code } })), majorName);
      try {
        await m.insert(CategoryVersionEntity, { code, version: nextVersion, kind: row.kind, snapshot: next, editorId: auth.userId, note: note || null });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(row, majorName);
        throw err;
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath,
        action: 'category.update',
        targetType: 'category',
        targetId: code,
        before: { version: row.currentVersion, ...pick(row.definition, Object.keys(changes)) },
        after: { version: nextVersion, ...pick(next, Object.keys(changes)), note: note || null },
      });
      const saved = await m.findOneOrFail(CategoryEntity, { where: { code } });
      return presentAdminCategory(saved, majorName);
    });
    this.catalogue = null;
    return result;
  }

  /** Version history of a category, newest first (admins). @throws AppError FORBIDDEN, NOT_FOUND. */
  async history(auth: AuthState, code: string): Promise<CategoryVersionResponse[]> {
    if (!isAdmin(auth.grants)) throw forbidden();
    const m = this.dataSource.manager;
    const rows = await m.find(CategoryVersionEntity, { where: { code }, order: { version: 'DESC' } });
    if (!rows.length) throw notFound();
    const editorIds = [...new Set(rows.map((r) => r.editorId).filter((x): x is number => x !== null))];
    const users = editorIds.length ? await m.find(UserEntity, { where: { id: In(editorIds) }, select: ['id', 'nickname'] }) : [];
    return presentVersions(rows, new Map(users.map((u) => [u.id, u.nickname])));
  }

  /** The definition after applying `changes` to `row`'s current one, validated as a whole. */
  private merge(row: CategoryEntity, changes: Omit<UpdateCategoryInput, 'version' | 'note'>): MajorCategoryDefinition | MinorCategoryDefinition {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (row.kind === 'major') {
      const bad = Object.keys(defined).filter((k) => !MAJOR_EDITABLE.has(k));
      if (bad.length) throw new AppError(ErrorCode.ValidationFailed, { message: `${bad[0]}: 大类只能修改名称、所属领域和启用状态`, fields: Object.fromEntries(bad.map((k) => [k, '大类不能设置此项'])) });
      const next = { ...(row.definition as MajorCategoryDefinition), ...defined };
      return parseOrThrow(majorCategoryDefinitionSchema, next) as MajorCategoryDefinition;
    }
    if ('domain' in defined) throw fieldError('domain', '小类不能设置所属领域');
    const next = { ...(row.definition as MinorCategoryDefinition), ...defined };
    return parseOrThrow(minorCategoryDefinitionSchema, next) as MinorCategoryDefinition;
  }

  private requireEditor(auth: AuthState): string {
    const path = catalogueEditorPath(auth.grants);
    if (!path) throw forbidden('只有区级管理员可以修改类别目录');
    return path;
  }

  /** Every category row, cached for CATALOGUE_TTL_MS (see above). */
  private async loadCatalogue(): Promise<Catalogue> {
    if (this.catalogue && Date.now() - this.catalogue.loadedAt < CATALOGUE_TTL_MS) return this.catalogue;
    const rows = await this.dataSource.manager.find(CategoryEntity, { order: { sortOrder: 'ASC', id: 'ASC' } });
    this.catalogue = { loadedAt: Date.now(), majors: rows.filter((r) => r.kind === 'major'), minors: rows.filter((r) => r.kind === 'minor') };
    return this.catalogue;
  }

  private async majorNames(): Promise<Map<string, string>> {
    return new Map((await this.loadCatalogue()).majors.map((x) => [x.code, x.name]));
  }
}

function unknownCategory(): AppError {
  return fieldError('categoryCode', '请选择有效的问题类别');
}

function fieldError(field: string, message: string): AppError {
  return new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: { [field]: message } });
}

function conflict(row: CategoryEntity, majorName: string | null): AppError {
  return new AppError(ErrorCode.Conflict, { message: '该类别已被他人修改，请查看最新版本后重试', data: { category: presentAdminCategory(row, majorName) } });
}

function parseOrThrow(schema: Parameters<typeof safeParseZh>[0], value: unknown): unknown {
  const r = safeParseZh(schema, value);
  if (r.success) return r.data;
  const [field, message] = Object.entries(r.fields)[0];
  throw new AppError(ErrorCode.ValidationFailed, { message: `${field}: ${message}`, fields: r.fields });
}

function pick(obj: object, keys: string[]): Record<string, unknown> {
  const o = obj as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

function isUniqueViolation(err: unknown): boolean {
  return /duplicate|unique/i.test(String((err as Error)?.message));
}
