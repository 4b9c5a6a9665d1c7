import type { EndpointSpec } from './contract';
import type {
  AdminCategoryResponse,
  CategorySnapshot,
  CategoryTreeNode,
  CategoryVersionResponse,
  DepartmentResponse,
} from '../types/category';
import {
  adminCategoryQuerySchema,
  categoryListQuerySchema,
  createCategorySchema,
  updateCategorySchema,
} from '../schemas/category.schema';

/**
 * Endpoints of the catalogue of categories and of the departments (issue 4; docs/design/tickets.md).
 * The catalogue is read publicly (the reporting form works before sign-in); admins of a top-level unit
 * (district) edit it, every edit a new version kept in the history.
 */
export const CATEGORY_API = {
  categoryTree: { method: 'GET', path: '/categories', summary: 'Active catalogue as a tree of major > minor (current versions); q searches names, synonyms and codes', tag: 'categories', access: 'public', query: categoryListQuerySchema, response: 'CategoryTreeNode[]' },
  categoryDetail: { method: 'GET', path: '/categories/:code', summary: 'One active minor category (current version) with its questions and limits', tag: 'categories', access: 'public', response: 'CategorySnapshot' },
  departments: { method: 'GET', path: '/departments', summary: 'The departments tickets are dispatched to', tag: 'categories', access: 'public', response: 'DepartmentResponse[]' },
  adminCategories: { method: 'GET', path: '/admin/categories', summary: 'Catalogue for admins, inactive entries included', tag: 'admin', access: 'admin', query: adminCategoryQuerySchema, response: 'AdminCategoryResponse[]' },
  createCategory: { method: 'POST', path: '/admin/categories', summary: 'Create a major or minor category (version 1; district admins; audited)', tag: 'admin', access: 'admin', body: createCategorySchema, response: 'AdminCategoryResponse' },
  updateCategory: { method: 'PATCH', path: '/admin/categories/:code', summary: 'Edit a category: a new version (send the version you edited: 409 when stale; audited)', tag: 'admin', access: 'admin', body: updateCategorySchema, response: 'AdminCategoryResponse' },
  categoryVersions: { method: 'GET', path: '/admin/categories/:code/versions', summary: 'Version history of a category, newest first', tag: 'admin', access: 'admin', response: 'CategoryVersionResponse[]' },
} as const satisfies Record<string, EndpointSpec>;

/** Response type per endpoint above, merged into the client's ResponseMap. */
export interface CategoryResponseMap {
  categoryTree: CategoryTreeNode[];
  categoryDetail: CategorySnapshot;
  departments: DepartmentResponse[];
  adminCategories: AdminCategoryResponse[];
  createCategory: AdminCategoryResponse;
  updateCategory: AdminCategoryResponse;
  categoryVersions: CategoryVersionResponse[];
}
