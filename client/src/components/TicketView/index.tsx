import { Text, View } from '@tarojs/components';
import { formatAnswer, isClosedTicketStatus, type CategoryAnswers, type CategorySnapshot, type TicketResponse } from '@linli/shared';
import { useEffect, useState } from 'react';
import { fetchCategory } from '../../api/tickets';
import { formatDateTime } from '../../utils/format';
import ActionPanel from '../ActionPanel';
import TicketPhotos from '../TicketPhotos';
import TicketStatusTag from '../TicketStatusTag';
import Timeline from '../Timeline';
import { timeLeftText } from './time';
import './index.scss';

interface Props {
  ticket: TicketResponse;
  onChanged: (t: TicketResponse) => void;
  onReload: () => Promise<void> | void;
  /** Two columns on a wide screen (the command centre's desktop). */
  wide?: boolean;
}

/** What the resident reads under "现在在哪儿": the step in plain words. */
function stepText(t: TicketResponse): string {
  switch (t.status) {
    case 'reported':
      return '已送达指挥中心，等待受理立案。';
    case 'filed':
      return t.level === 'district' ? '已上报区指挥中心，等待派遣。' : '已立案，等待派遣给处置单位。';
    case 'dispatched':
      return '已派给处置单位，等待签收。';
    case 'handling':
      return t.reworkCount > 0 ? `正在重新处置（第 ${t.reworkCount} 次返工）。` : '处置单位正在处理。';
    case 'returned':
      return '处置单位认为不归其管辖，已退回指挥中心重新派遣。';
    case 'handled':
      return t.view === 'resident' && t.allowedActions.includes('verify_pass') ? '已处置完毕，请您确认是否解决。' : '已处置完毕，等待核查。';
    case 'verified':
      return '已核查通过，等待结案。';
    case 'closed':
      return t.allowedActions.includes('rate') ? '已结案，欢迎评价。' : '已结案。';
    case 'rated':
      return '已结案并评价。';
    case 'refused':
      return '指挥中心未受理这条上报。';
    case 'cancelled':
      return '已撤回。';
    default:
      return '';
  }
}

/**
 * One ticket: where it is and who holds it now, what the caller may do (ActionPanel), the problem as
 * reported, the handling result, the rating and the timeline. Used by the detail page and by the
 * dispatcher's desktop queue (wide, two columns).
 */
export default function TicketView({ ticket: t, onChanged, onReload, wide }: Props) {
  const [category, setCategory] = useState<CategorySnapshot | null>(null);
  useEffect(() => {
    if (!Object.keys(t.answers ?? {}).length) return;
    let alive = true;
    fetchCategory(t.category.code).then(
      (c) => alive && setCategory(c),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [t.category.code, t.answers]);

  const left = timeLeftText(t.dueAt);
  const answers = Object.entries(t.answers ?? {});
  const question = (key: string) => category?.questions.find((q) => q.key === key);
  const answerText = (key: string, v: CategoryAnswers[string]) => {
    const q = question(key);
    return q ? formatAnswer(q, v) : Array.isArray(v) ? v.join('、') : String(v);
  };

  const where = (
    <View className='card ticket-view__where' id='ticket-where'>
      <View className='row row--between'>
        <Text className='card__title ticket-view__title'>现在在哪儿</Text>
        <TicketStatusTag id='ticket-status' status={t.status} label={t.statusLabel} overdue={t.overdue} />
      </View>
      <Text className='ticket-view__step'>{stepText(t)}</Text>
      <View className='ticket-view__line'>
        <Text className='ticket-view__label'>当前承办</Text>
        <Text className='ticket-view__value ticket-view__holder' id='ticket-holder'>
          {t.holderLabel}
        </Text>
      </View>
      {t.dueAt && (
        <View className='ticket-view__line'>
          <Text className='ticket-view__label'>{t.status === 'reported' || t.status === 'filed' || t.status === 'returned' ? '受理时限' : '处置时限'}</Text>
          <Text className={`ticket-view__value${t.overdue ? ' text-danger' : ''}`} id='ticket-deadline'>
            {formatDateTime(t.dueAt)}（{left}）
          </Text>
        </View>
      )}
      {t.extensionPending && t.extensionRequest && (
        <Text className='ticket-view__flag'>
          延期申请审批中：申请 {t.extensionRequest.days} 个工作日，理由：{t.extensionRequest.reason}
        </Text>
      )}
      {t.refusal && (
        <Text className='ticket-view__flag text-danger' id='ticket-refusal'>
          不予受理：{t.refusal.reasonLabel}
          {t.refusal.note ? `（${t.refusal.note}）` : ''}
        </Text>
      )}
      {isClosedTicketStatus(t.status) && t.resolvedLevelLabel && <Text className='muted ticket-view__flag'>在{t.resolvedLevelLabel}层面解决</Text>}
      {t.reopenUntil && t.allowedActions.includes('reopen') && <Text className='muted ticket-view__flag'>如果问题又出现了，{formatDateTime(t.reopenUntil)} 前可以反馈“没修好”。</Text>}
    </View>
  );

  const actions =
    t.allowedActions.length > 0 ? (
      <View className='card' id='ticket-actions'>
        <Text className='card__title'>{t.view === 'resident' ? '我可以做' : '办理'}</Text>
        <ActionPanel ticket={t} onChanged={onChanged} onReload={onReload} />
      </View>
    ) : null;

  const problem = (
    <View className='card' id='ticket-problem'>
      <Text className='card__title'>
        {t.category.majorName} › {t.category.name}
      </Text>
      <Text className='muted ticket-view__meta'>
        {t.number ? `编号 ${t.number}` : '立案后生成编号'} · {t.sourceLabel} · {formatDateTime(t.createdAt)}
        {t.coReporterCount > 0 ? ` · ${t.coReporterCount} 人也遇到了` : ''}
      </Text>
      <Text className='ticket-view__desc' id='ticket-description'>
        {t.description}
      </Text>
      <TicketPhotos id='ticket-photos' photos={t.photos} />
      <View className='ticket-view__line'>
        <Text className='ticket-view__label'>位置</Text>
        <Text className='ticket-view__value'>
          {t.location.address ? `${t.location.address}，` : ''}
          {t.grid.name} · {t.community.name} · {t.street.name}
        </Text>
      </View>
      {answers.map(([k, v]) => (
        <View key={k} className='ticket-view__line'>
          <Text className='ticket-view__label'>{question(k)?.label ?? k}</Text>
          <Text className='ticket-view__value'>{answerText(k, v)}</Text>
        </View>
      ))}
      {t.view === 'staff' && (
        <View className='ticket-view__line' id='ticket-reporter'>
          <Text className='ticket-view__label'>上报人</Text>
          <Text className='ticket-view__value'>
            {t.reporter ? t.reporter.nickname : t.protectedReporter ? '受保护的上报人（身份不向处置部门公开）' : '—'}
            {t.onBehalfOf ? `（楼栋长代 ${t.onBehalfOf.name} 上报）` : ''}
            {t.contact ? ` 联系人：${t.contact.name ?? '—'} ${t.contact.phone ?? ''}` : ''}
            {t.anonymous ? ' · 对公众匿名' : ''}
          </Text>
        </View>
      )}
      {t.view === 'resident' && t.isMine && (
        <Text className='muted ticket-view__meta'>
          {t.protectedReporter ? '已开启上报人保护：处置部门看不到您的身份。' : t.anonymous ? '已对公众匿名。' : ''}
          {t.onBehalfOf ? `您代 ${t.onBehalfOf.name} 上报。` : ''}
        </Text>
      )}
      {t.view === 'resident' && t.joined && !t.isMine && <Text className='muted ticket-view__meta'>您已加入（我也遇到了），进展会通知您。</Text>}
    </View>
  );

  const result = t.result ? (
    <View className='card' id='ticket-result'>
      <Text className='card__title'>处置结果</Text>
      <Text className='ticket-view__desc'>{t.result.text}</Text>
      <TicketPhotos id='ticket-result-photos' photos={t.result.photos} />
      <Text className='muted ticket-view__meta'>处置时间：{formatDateTime(t.result.handledAt)}</Text>
    </View>
  ) : null;

  const rating = t.rating ? (
    <View className='card' id='ticket-rating'>
      <Text className='card__title'>评价</Text>
      <Text className='ticket-view__stars'>
        {'★'.repeat(t.rating.score)}
        {'☆'.repeat(5 - t.rating.score)} {t.rating.score} 分
      </Text>
      {t.rating.comment && <Text className='ticket-view__desc'>“{t.rating.comment}”</Text>}
    </View>
  ) : null;

  const timeline = (
    <View className='card'>
      <Text className='card__title'>办理过程</Text>
      <Timeline events={t.events} />
    </View>
  );

  if (wide) {
    return (
      <View className='ticket-view ticket-view--wide'>
        <View className='ticket-view__col'>
          {where}
          {actions}
          {result}
          {rating}
        </View>
        <View className='ticket-view__col'>
          {problem}
          {timeline}
        </View>
      </View>
    );
  }
  return (
    <View className='ticket-view'>
      {where}
      {actions}
      {result}
      {rating}
      {problem}
      {timeline}
    </View>
  );
}
