import { Config, Destroy, ILogger, Init, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { MediaPurpose } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { mediaAccess } from '../media/media.access';
import { AlertService } from './alert.service';
import { TipService } from './tip.service';

/** How often the automatic reminders of urgent alerts are looked for. */
const REMINDER_SWEEP_MS = 60_000;

/**
 * What the alert module hooks into at start-up (resolved once from configuration.ts):
 * - photo access for purposes `alert` and `tip` through the media module's hook: recipients see an
 *   alert's checked photos (suspect photos only until expiry, none once withdrawn), those who run it see
 *   all; a tip's photos are seen by the officers of its station (and its author, by the base rule);
 * - the timer of automatic reminders of urgent alerts, where the delivery worker runs
 *   (`linli.notifications.workerEnabled`; unit tests call `AlertService.sweepReminders` themselves).
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AlertStartup {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  alerts: AlertService;

  @Inject()
  tips: TipService;

  @Logger()
  logger: ILogger;

  private unregister: Array<() => void> = [];
  private timer: NodeJS.Timeout | null = null;

  @Init()
  init(): void {
    this.unregister.push(
      mediaAccess.register(MediaPurpose.Alert, async (media, viewer) => (viewer ? this.alerts.mayViewAlertPhoto(viewer, media.id) : false)),
      mediaAccess.register(MediaPurpose.Tip, async (media, viewer) => (viewer ? this.tips.mayViewTipPhoto(viewer, media.id) : false)),
    );
    if (this.config.notifications?.workerEnabled) {
      this.timer = setInterval(() => {
        this.alerts.sweepReminders(new Date()).catch((e: Error) => this.logger.error('[alert] reminder sweep failed: %s', e.stack ?? e));
      }, REMINDER_SWEEP_MS);
      this.timer.unref?.();
    }
  }

  @Destroy()
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const u of this.unregister.splice(0)) u();
  }
}
