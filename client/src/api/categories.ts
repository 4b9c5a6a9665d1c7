/**
 * The category catalogue (issue 4): the public tree and detail, the departments, and the admin
 * catalogue pages (list, create, edit with optimistic lock, history). Typed by the shared contract.
 */
import type { AdminCategoryQuery, CategoryListQuery, CreateCategoryInput, UpdateCategoryInput } from '@linli/shared';
import { call } from './request';

export const fetchCatalogue = (query: CategoryListQuery = {}) => call('categoryTree', { query });

export const fetchCategoryDetail = (code: string) => call('categoryDetail', { params: { code } });

export const fetchDepartmentList = () => call('departments');

export const fetchAdminCategories = (query: Partial<AdminCategoryQuery> = {}) => call('adminCategories', { query });

export const createCategory = (input: CreateCategoryInput) => call('createCategory', { body: input });

/** Saves an edit as a new version; a stale `version` answers 409 CONFLICT with the fresh category in `data.category`. */
export const updateCategory = (code: string, input: UpdateCategoryInput) => call('updateCategory', { params: { code }, body: input as never });

export const fetchCategoryVersions = (code: string) => call('categoryVersions', { params: { code } });
