import { Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { beijingDateAt, type IsoDate } from '@linli/shared';

/**
 * "Now" for the rota module: which periods have started, which duty is current, when reminders are
 * due. One injectable clock so tests can move time (`set`) without touching the system clock.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaClock {
  private fixed: Date | null = null;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Today's Beijing date. */
  today(): IsoDate {
    return beijingDateAt(this.now());
  }

  /** Tests: pin the clock to `at` (null: back to real time). */
  set(at: Date | null): void {
    this.fixed = at ? new Date(at) : null;
  }
}
