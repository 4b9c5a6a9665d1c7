import type { EndpointSpec } from './contract';
import {
  bulkDispatchSchema,
  createTicketSchema,
  figuresQuerySchema,
  joinTicketSchema,
  myTicketsQuerySchema,
  open311CreateRequestSchema,
  open311JurisdictionQuerySchema,
  open311RequestsQuerySchema,
  similarTicketsQuerySchema,
  staffCreateTicketSchema,
  ticketActionSchema,
  ticketBoardQuerySchema,
  ticketQueueQuerySchema,
} from '../schemas/ticket.schema';
import { createOpen311KeySchema } from '../schemas/open-data.schema';

/**
 * Endpoints of the tickets: reports, lifecycle, queues, figures, open data (issue 4).
 * docs/design/tickets.md "Endpoints". Staff endpoints are `user` access: the service decides per ticket
 * from the caller's capacities (a caller with none gets 404, as for a missing ticket).
 * The Open311 endpoints answer the standard's bare JSON (arrays), not `{ ok, data }`.
 */
export const TICKET_API = {
  // resident side
  createTicket: { method: 'POST', path: '/tickets', summary: 'Report a problem (随手拍); idempotent per idempotencyKey (200 replayed / 201 new)', tag: 'tickets', access: 'user', body: createTicketSchema, response: 'CreateTicketResponse' },
  similarTickets: { method: 'GET', path: '/tickets/similar', summary: "Open tickets of the category within its duplicate radius and window (offer 'me too')", tag: 'tickets', access: 'user', query: similarTicketsQuerySchema, response: 'SimilarTicket[]' },
  myTickets: { method: 'GET', path: '/tickets/mine', summary: 'My reports and the ones I joined, newest first (keyset pages)', tag: 'tickets', access: 'user', query: myTicketsQuerySchema, response: 'Page<TicketSummary>' },
  ticketBoard: { method: 'GET', path: '/tickets/board', summary: 'Public board: non-sensitive tickets near a point, without reporter identity', tag: 'tickets', access: 'public', query: ticketBoardQuerySchema, response: 'TicketBoardResponse' },
  ticketDetail: { method: 'GET', path: '/tickets/:id', summary: "One ticket with the caller's allowedActions and the timeline as the caller may see it", tag: 'tickets', access: 'user', response: 'TicketResponse' },
  joinTicket: { method: 'POST', path: '/tickets/:id/join', summary: "'Me too': become a co-reporter (idempotent), raises priority", tag: 'tickets', access: 'user', body: joinTicketSchema, response: 'JoinTicketResponse' },
  ticketAction: { method: 'POST', path: '/tickets/:id/actions', summary: 'Any transition: { action, version, ...fields }; 409 names the allowed actions, stale version 409 CONFLICT with the fresh ticket', tag: 'tickets', access: 'user', body: ticketActionSchema, response: 'TicketResponse' },
  // staff
  commandQueue: { method: 'GET', path: '/command/queue', summary: "Street dispatcher's queue ordered by time left (keyset), filters status/category/community/source/overdue/level", tag: 'command', access: 'user', query: ticketQueueQuerySchema, response: 'Page<TicketSummary>' },
  commandGrid: { method: 'GET', path: '/command/grid', summary: "Grid worker's tickets in their grids, by time left", tag: 'command', access: 'user', query: ticketQueueQuerySchema, response: 'Page<TicketSummary>' },
  commandDepartment: { method: 'GET', path: '/command/department', summary: "Department handler's tickets (assigned to their department inside their unit), by time left", tag: 'command', access: 'user', query: ticketQueueQuerySchema, response: 'Page<TicketSummary>' },
  commandDistrict: { method: 'GET', path: '/command/district', summary: 'District queue: escalated tickets (level district) of my district, by time left', tag: 'command', access: 'user', query: ticketQueueQuerySchema, response: 'Page<TicketSummary>' },
  staffCreateTicket: { method: 'POST', path: '/command/tickets', summary: 'Staff entry of a ticket (hotline, video, grid patrol, ...); idempotent per idempotencyKey', tag: 'command', access: 'user', body: staffCreateTicketSchema, response: 'CreateTicketResponse' },
  bulkDispatch: { method: 'POST', path: '/command/bulk-dispatch', summary: 'Dispatch several tickets to one target; per-ticket results (each under its own optimistic lock)', tag: 'command', access: 'user', body: bulkDispatchSchema, response: 'BulkDispatchResponse' },
  // figures
  figures: { method: 'GET', path: '/figures', summary: 'Figures (filed, 处置率, 办结率, 按期办结率, 返工率, 延期率, 满意率, times, resolved levels) per docs/FIGURES.md', tag: 'figures', access: 'user', query: figuresQuerySchema, response: 'FiguresResponse' },
  figuresExport: { method: 'GET', path: '/figures/export', summary: 'The same figures as CSV (UTF-8 with BOM)', tag: 'figures', access: 'user', query: figuresQuerySchema, response: 'text/csv' },
  // Open311 GeoReport v2 (JSON only; .xml not offered)
  open311Services: { method: 'GET', path: '/open311/v2/services.json', summary: 'Open311: service list (active minor categories)', tag: 'open311', access: 'public', query: open311JurisdictionQuerySchema, response: 'Open311Service[]' },
  open311ServiceDefinition: { method: 'GET', path: '/open311/v2/services/:code.json', summary: "Open311: service definition (the category's questions as attributes)", tag: 'open311', access: 'public', query: open311JurisdictionQuerySchema, response: 'Open311ServiceDefinition' },
  open311Requests: { method: 'GET', path: '/open311/v2/requests.json', summary: 'Open311: public, non-sensitive requests (90 days by default)', tag: 'open311', access: 'public', query: open311RequestsQuerySchema, response: 'Open311Request[]' },
  open311CreateRequest: { method: 'POST', path: '/open311/v2/requests.json', summary: 'Open311: submit a request (api_key required; form-encoded or JSON)', tag: 'open311', access: 'public', body: open311CreateRequestSchema, response: 'Open311CreatedRequest[]' },
  open311Request: { method: 'GET', path: '/open311/v2/requests/:id.json', summary: 'Open311: one request by id', tag: 'open311', access: 'public', query: open311JurisdictionQuerySchema, response: 'Open311Request[]' },
  // Open311 API keys (admins of the unit the key enters requests in)
  open311Keys: { method: 'GET', path: '/admin/open311/keys', summary: 'Open311 API keys of my units (never the keys themselves)', tag: 'open311', access: 'admin', response: 'Open311ApiKeyResponse[]' },
  createOpen311Key: { method: 'POST', path: '/admin/open311/keys', summary: 'Issue an Open311 API key (shown once; stored hashed; audited)', tag: 'open311', access: 'admin', body: createOpen311KeySchema, response: 'IssuedOpen311KeyResponse' },
  revokeOpen311Key: { method: 'POST', path: '/admin/open311/keys/:id/revoke', summary: 'Revoke an Open311 API key at once (audited)', tag: 'open311', access: 'admin', response: 'Open311ApiKeyResponse' },
} as const satisfies Record<string, EndpointSpec>;
