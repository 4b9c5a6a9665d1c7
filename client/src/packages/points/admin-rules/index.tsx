import { Button, Input, Text, View } from '@tarojs/components';
import {
  EARNING_RULES,
  PointsRuleLabelZh,
  pointsRuleSetConfigSchema,
  safeParseZh,
  type EarningRule,
  type PointsRuleSetConfig,
  type RuleSetResponse,
} from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchRuleSet, saveRuleSet } from '../../../api/points';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { confirm, toastError, toastOk } from '../../../utils/feedback';
import { formatDateTime } from '../../../utils/format';
import { adminUnits } from '../helpers';
import '../points.scss';

export default function AdminRulesPage() {
  return (
    <PageWrapper className='points-admin-rules'>
      <LoginGate>
        <Rules />
      </LoginGate>
    </PageWrapper>
  );
}

type Draft = Record<EarningRule, { amount: string; dailyCap: string; monthlyCap: string }> & { dailyCap: string; monthlyCap: string };

const toDraft = (c: PointsRuleSetConfig): Draft => {
  const d = { dailyCap: String(c.dailyCap), monthlyCap: String(c.monthlyCap) } as Draft;
  for (const r of EARNING_RULES) d[r] = { amount: String(c.rules[r].amount), dailyCap: String(c.rules[r].dailyCap), monthlyCap: String(c.rules[r].monthlyCap) };
  return d;
};
const n = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
const fromDraft = (d: Draft) => ({
  rules: Object.fromEntries(EARNING_RULES.map((r) => [r, { amount: n(d[r].amount), dailyCap: n(d[r].dailyCap), monthlyCap: n(d[r].monthlyCap) }])),
  dailyCap: n(d.dailyCap),
  monthlyCap: n(d.monthlyCap),
});

function Rules() {
  const { token, user } = useSession();
  const allowed = adminUnits(user).length > 0;
  const rules = useRequest(() => fetchRuleSet(), [token], { enabled: allowed, isEmpty: () => false });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (rules.data) setDraft(toDraft(rules.data.config));
  }, [rules.data]);

  if (!allowed) return <Empty message='没有权限' description='只有管理员可以查看积分规则' />;
  if (rules.loading && !rules.data) return <Loading />;
  if (rules.error) return <ErrorState error={rules.error} onRetry={rules.reload} />;
  if (!draft || !rules.data) return <Loading />;
  const current: RuleSetResponse = rules.data;

  const setRule = (r: EarningRule, k: 'amount' | 'dailyCap' | 'monthlyCap') => (e: { detail: { value: string } }) =>
    setDraft((d) => (d ? { ...d, [r]: { ...d[r], [k]: e.detail.value } } : d));

  const handleSave = async () => {
    const parsed = safeParseZh(pointsRuleSetConfigSchema, fromDraft(draft));
    if (!parsed.success) {
      setErrors(parsed.fields);
      return;
    }
    setErrors({});
    if (!(await confirm('保存积分规则', `保存为第 ${current.version + 1} 版，之后获得的积分按新规则计算（已发放的积分不变）。`, '保存'))) return;
    setBusy(true);
    try {
      rules.setData(await saveRuleSet({ districtId: current.districtId, baseVersion: current.version, config: parsed.data, note: note || undefined }));
      setNote('');
      toastOk('已保存');
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  const cell = (id: string, value: string, onInput: (e: { detail: { value: string } }) => void, err?: string) => (
    <View className={`field${err ? ' field--invalid' : ''}`}>
      <Input id={id} className='input' type='number' value={value} onInput={onInput} />
      {err && <Text className='field__error'>{err}</Text>}
    </View>
  );

  return (
    <View className='points-form'>
      <Text className='section-title' id='rules-version'>
        {current.districtName} · 当前第 {current.version} 版{current.version === 0 ? '（系统默认）' : ''} · 上限填 0 表示不设上限
      </Text>
      {EARNING_RULES.map((r) => (
        <View key={r} className='card' id={`rule-${r}`}>
          <Text className='card__title'>{PointsRuleLabelZh[r]}</Text>
          <View className='points-grid'>
            <View className='field'>
              <Text className='field__label'>每次积分</Text>
              {cell(`rule-${r}-amount`, draft[r].amount, setRule(r, 'amount'), errors[`rules.${r}.amount`])}
            </View>
            <View className='field'>
              <Text className='field__label'>每日上限</Text>
              {cell(`rule-${r}-daily`, draft[r].dailyCap, setRule(r, 'dailyCap'), errors[`rules.${r}.dailyCap`])}
            </View>
            <View className='field'>
              <Text className='field__label'>每月上限</Text>
              {cell(`rule-${r}-monthly`, draft[r].monthlyCap, setRule(r, 'monthlyCap'), errors[`rules.${r}.monthlyCap`])}
            </View>
          </View>
        </View>
      ))}
      <View className='card'>
        <Text className='card__title'>所有规则合计</Text>
        <View className='points-grid'>
          <View className='field'>
            <Text className='field__label'>每日总上限</Text>
            {cell('rule-total-daily', draft.dailyCap, (e) => setDraft({ ...draft, dailyCap: e.detail.value }), errors.dailyCap)}
          </View>
          <View className='field'>
            <Text className='field__label'>每月总上限</Text>
            {cell('rule-total-monthly', draft.monthlyCap, (e) => setDraft({ ...draft, monthlyCap: e.detail.value }), errors.monthlyCap)}
          </View>
        </View>
        <View className='field points-line'>
          <Text className='field__label'>修改说明（选填）</Text>
          <Input id='rules-note' className='input' value={note} maxlength={200} onInput={(e) => setNote(e.detail.value)} />
        </View>
      </View>
      <Button id='rules-save' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleSave}>
        保存为新版本
      </Button>
      <Text className='section-title'>历史版本</Text>
      {current.history.length === 0 && <Text className='muted points-note'>尚未修改过，正在使用系统默认规则</Text>}
      {current.history.map((h) => (
        <View key={h.version} className='card'>
          <Text>
            第 {h.version} 版 · {formatDateTime(h.createdAt)} · {h.createdBy ?? '—'}
          </Text>
          {h.note && <Text className='muted points-line'>{h.note}</Text>}
        </View>
      ))}
    </View>
  );
}
