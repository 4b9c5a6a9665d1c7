/**
 * Tickets (issue 4): reports, "me too", my tickets, detail + actions, the staff queues, staff entry and
 * bulk dispatch; plus the category catalogue the report form needs. Every call goes through the shared
 * contract (api/request.ts), so paths, bodies and answers are typed by @linli/shared.
 */
import type {
  BulkDispatchInput,
  CategorySnapshot,
  CategoryTreeNode,
  CreateTicketInput,
  DepartmentResponse,
  JoinTicketInput,
  MyTicketsQuery,
  SimilarTicketsQuery,
  StaffCreateTicketInput,
  TicketActionInput,
  TicketQueueQuery,
} from '@linli/shared';
import { call } from './request';

/** The active catalogue as a tree of major categories (public). */
export const fetchCategoryTree = (): Promise<CategoryTreeNode[]> => call('categoryTree') as Promise<CategoryTreeNode[]>;

/** One minor category with its questions (current version). */
export const fetchCategory = (code: string): Promise<CategorySnapshot> => call('categoryDetail', { params: { code } }) as Promise<CategorySnapshot>;

/** Departments a dispatcher can send a ticket to, or a handler can name when returning it. */
export const fetchDepartments = (): Promise<DepartmentResponse[]> => call('departments') as Promise<DepartmentResponse[]>;

/**
 * A fresh idempotency key for one report or staff entry (kept with its draft/form, sent with every
 * attempt): 32 characters of [a-z0-9], unique enough per user (the server's index is per reporter).
 */
export function newIdempotencyKey(): string {
  const rand = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0');
  return `r${Date.now().toString(36)}${rand()}${rand()}${rand()}`.slice(0, 32);
}

export const createTicket = (input: CreateTicketInput) => call('createTicket', { body: input });

export const fetchSimilarTickets = (query: SimilarTicketsQuery) => call('similarTickets', { query });

export const joinTicket = (id: number, input: JoinTicketInput = {}) => call('joinTicket', { params: { id }, body: input });

export const fetchMyTickets = (query: Partial<MyTicketsQuery> = {}) => call('myTickets', { query });

export const fetchTicket = (id: number) => call('ticketDetail', { params: { id } });

/** Any transition; the body carries the `version` the caller saw (409 CONFLICT when stale). */
export const ticketAction = (id: number, input: TicketActionInput) => call('ticketAction', { params: { id }, body: input });

/** Which staff queue a page shows. */
export type QueueKind = 'dispatcher' | 'grid' | 'department' | 'district';

/** Query values as they travel (lists comma-joined, booleans as text). */
export type QueueFilters = Partial<Omit<TicketQueueQuery, 'status' | 'source' | 'overdue' | 'extensionPending'>> & {
  status?: string;
  source?: string;
  overdue?: boolean;
  extensionPending?: boolean;
};

const QUEUE_ENDPOINT = {
  dispatcher: 'commandQueue',
  grid: 'commandGrid',
  department: 'commandDepartment',
  district: 'commandDistrict',
} as const;

export function fetchQueue(kind: QueueKind, filters: QueueFilters = {}) {
  const query: Record<string, string | number | undefined> = {
    ...filters,
    overdue: filters.overdue === undefined ? undefined : String(filters.overdue),
    extensionPending: filters.extensionPending === undefined ? undefined : String(filters.extensionPending),
  } as Record<string, string | number | undefined>;
  // The contract's query type is the parsed one (arrays, booleans); the wire carries text.
  return call(QUEUE_ENDPOINT[kind], { query: query as never });
}

export const staffCreateTicket = (input: StaffCreateTicketInput) => call('staffCreateTicket', { body: input });

export const bulkDispatch = (input: BulkDispatchInput) => call('bulkDispatch', { body: input });
