import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { CategoryAnswers, Open311CreatedRequest, Open311CreateRequestInput, TicketSource, unitContains } from '@linli/shared';
import { TransactionRunner } from '../../../common/db/transaction.runner';
import { findBlockedTerm } from '../../moderation/local-blocklist';
import { TicketReportService } from '../ticket-report.service';
import { Open311SubmissionEntity } from './open311.entities';
import { RateLimitService } from '../../../common/rate-limit/rate-limit.service';
import { answersFromAttributes, AttributeError } from './open311-attributes';
import { Open311KeyService } from './open311-key.service';
import { serviceNotice } from './open311.presenter';
import { Open311Failure, Open311QueryService } from './open311.service';

/** Requests one API key may submit per hour. */
export const OPEN311_KEY_REQUESTS_PER_HOUR = 300;

/**
 * Open311 POST requests.json: a 311 client (holding an API key) submits a request; it becomes a ticket
 * with source `open311`, entered in the key's unit through the ticket module's own creation path
 * (routing by the point, category snapshot, deadlines, timeline), so it is filed and handled like any
 * other report. The submitter's personal fields are not stored.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Open311SubmitService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  keys: Open311KeyService;

  @Inject()
  query: Open311QueryService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  tickets: TicketReportService;

  /**
   * Creates the ticket and answers `[{ service_request_id, service_notice, account_id }]`.
   * @throws Open311Failure 403 (api_key), 404 (service_code), 400 (attributes, text, location outside
   *   the key's unit); AppError OUTSIDE_JURISDICTION / VALIDATION_FAILED from the ticket module (400).
   */
  async create(input: Open311CreateRequestInput, now = new Date()): Promise<Open311CreatedRequest[]> {
    const key = await this.keys.verify(input.api_key, now);
    if (!key) throw new Open311Failure(403, 'invalid api_key');
    await this.rateLimit.consume('open311_key', String(key.id), OPEN311_KEY_REQUESTS_PER_HOUR, 3600);
    const category = await this.query.snapshot(input.service_code);
    let answers: CategoryAnswers;
    try {
      answers = answersFromAttributes(category.questions, input.attribute);
    } catch (e) {
      if (e instanceof AttributeError) throw new Open311Failure(400, e.message);
      throw e;
    }
    const description = input.description.trim();
    // No WeChat user wrote this text, so WeChat cannot check it: the local blocklist refuses the obvious,
    // as for the demo accounts (docs/DECISIONS.md). The key holder answers for the rest.
    if (findBlockedTerm(description) || (input.address_string && findBlockedTerm(input.address_string))) {
      throw new Open311Failure(400, 'description refused by the content rules');
    }
    const ticket = await this.tx.run(async (m) => {
      const t = await this.tickets.createFromSource(
        m,
        {
          source: TicketSource.Open311,
          categoryCode: category.code,
          description,
          location: { lat: input.lat, lng: input.long, address: input.address_string?.trim() || null },
          answers,
          reporterId: null,
          submittedBy: null,
          actor: { actorId: null, actorRole: 'open311', actorUnitId: key.unitId, actorUnitName: key.name },
          anonymous: true,
          note: `由开放接口提交（${key.name}）`,
        },
        now,
      );
      if (!unitContains(key.unitPath, t.unitPath)) throw new Open311Failure(400, 'location outside the jurisdiction of this api_key');
      await m.insert(Open311SubmissionEntity, { apiKeyId: key.id, ticketId: t.id, mediaUrl: input.media_url ?? null });
      return t;
    });
    return [{ service_request_id: String(ticket.id), service_notice: serviceNotice(category), account_id: null }];
  }
}
