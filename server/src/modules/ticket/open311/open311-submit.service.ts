import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource } from 'typeorm';
import { Open311CreatedRequest, Open311CreateRequestInput } from '@linli/shared';
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

  /**
   * Creates the ticket and answers `[{ service_request_id, service_notice, account_id }]`.
   * @throws Open311Failure 403 (api_key), 404 (service_code), 400 (attributes, location)
   */
  async create(input: Open311CreateRequestInput): Promise<Open311CreatedRequest[]> {
    const key = await this.keys.verify(input.api_key);
    if (!key) throw new Open311Failure(403, 'invalid api_key');
    await this.rateLimit.consume('open311_key', String(key.id), OPEN311_KEY_REQUESTS_PER_HOUR, 3600);
    const category = await this.query.snapshot(input.service_code);
    try {
      answersFromAttributes(category.questions, input.attribute);
    } catch (e) {
      if (e instanceof AttributeError) throw new Open311Failure(400, e.message);
      throw e;
    }
    void serviceNotice;
    // The ticket module's creation path is wired in once it exists (see the report of this change).
    throw new Open311Failure(503, 'submitting requests is not available yet');
  }
}
