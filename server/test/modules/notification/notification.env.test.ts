import { loadEnv } from '../../../src/config/env';
import { notificationConfigFromEnv, resolveTemplateIds } from '../../../src/modules/notification/notification.env';

describe('notification configuration', () => {
  it('template ids: per-key variable, else the JSON object, else the dev default tpl-<key>', () => {
    const env = loadEnv({
      WECHAT_TEMPLATE_IDS: JSON.stringify({ ticket_filed: 'AbC-json-filed', police_alert: 'json-alert' }),
      WECHAT_TEMPLATE_ID_POLICE_ALERT: 'var-alert',
    } as NodeJS.ProcessEnv);
    const ids = resolveTemplateIds(env as Record<string, unknown>);
    expect(ids.ticket_filed).toBe('AbC-json-filed');
    expect(ids.police_alert).toBe('var-alert');
    expect(ids.role_request_reviewed).toBe('tpl-role_request_reviewed');
    expect(Object.keys(ids)).toHaveLength(11);
  });

  it('refuses a WECHAT_TEMPLATE_IDS that is not a JSON object of template keys', () => {
    expect(() => loadEnv({ WECHAT_TEMPLATE_IDS: '{nope' } as NodeJS.ProcessEnv)).toThrow('WECHAT_TEMPLATE_IDS must be a JSON object');
    expect(() => loadEnv({ WECHAT_TEMPLATE_IDS: '{"unknown_event":"x"}' } as NodeJS.ProcessEnv)).toThrow(/keys must be template keys/);
    expect(() => loadEnv({ WECHAT_MINIPROGRAM_STATE: 'beta' } as NodeJS.ProcessEnv)).toThrow(/WECHAT_MINIPROGRAM_STATE/);
  });

  it('worker on unless NOTIFICATIONS_WORKER=0; miniprogram_state from the environment', () => {
    expect(notificationConfigFromEnv(loadEnv({} as NodeJS.ProcessEnv) as Record<string, unknown>, 5000)).toMatchObject({ workerEnabled: true, miniprogramState: 'formal', maxAttempts: 5 });
    const off = loadEnv({ NOTIFICATIONS_WORKER: '0', WECHAT_MINIPROGRAM_STATE: 'trial' } as NodeJS.ProcessEnv);
    expect(notificationConfigFromEnv(off as Record<string, unknown>, 5000)).toMatchObject({ workerEnabled: false, miniprogramState: 'trial' });
  });
});
