import type { ImportDivisionsInput, ImportGridsInput, ReviewRoleRequestInput } from '@linli/shared';
import { call } from './request';

export const importDivisions = (input: ImportDivisionsInput) => call('importDivisions', { body: input });

export const importGrids = (input: ImportGridsInput) => call('importGrids', { body: input });

export const fetchReviewQueue = () => call('reviewQueue');

export const reviewRoleRequest = (id: number, input: ReviewRoleRequestInput) =>
  call('reviewRoleRequest', { params: { id }, body: input });
