import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { downloadRosterCsv, fetchRoster, fetchRotas, rosterCsvUrl } from '../../../api/rota';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import PageWrapper from '../../../components/PageWrapper';
import { API_ORIGIN, IS_WEAPP } from '../../../constants/env';
import { Routes } from '../../../constants/routes';
import { useRequest } from '../../../hooks/useRequest';
import { toastError } from '../../../utils/feedback';
import { idParam, periodText } from '../common';
import '../rota.scss';

/**
 * The public roster of a rota (no sign-in): weeks, shops on duty, phones masked unless the shop
 * agreed, the officer's contact. Share card in WeChat; print and CSV for the notice board.
 */
export default function RosterPage() {
  const id = idParam(useRouter().params.id);
  return <PageWrapper className='rota-roster'>{id !== null ? <Roster id={id} /> : <RotaList />}</PageWrapper>;
}

function RotaList() {
  const rotas = useRequest(() => fetchRotas(), []);
  if (rotas.loading) return <Loading />;
  if (rotas.error) return <ErrorState error={rotas.error} onRetry={rotas.reload} />;
  if (rotas.empty) return <Empty message='还没有发布的轮值表' />;
  return (
    <View className='cells' id='rota-public-list'>
      {(rotas.data ?? []).map((r) => (
        <View key={r.id} className='cell cell--link' onClick={() => Taro.navigateTo({ url: `${Routes.rotaRoster}?id=${r.id}` })}>
          <View className='cell__label'>
            <Text>{r.name}</Text>
            <Text className='muted'>
              {r.unit.name} · {r.memberCount} 家参与 · 民警 {r.officer.nickname}
            </Text>
          </View>
          <Text className='cell__arrow'>›</Text>
        </View>
      ))}
    </View>
  );
}

function Roster({ id }: { id: number }) {
  const r = useRequest(() => fetchRoster(id, 12), [id], { isEmpty: () => false });
  useShareAppMessage(() => ({
    title: r.data ? `${r.data.rota.name}：本周值守 ${r.data.weeks.find((w) => w.current)?.duties.map((d) => d.participant.name).join('、') || '见轮值表'}` : '轮值轮防值守表',
    path: `${Routes.rotaRoster}?id=${id}`,
  }));
  if (r.loading) return <Loading />;
  if (r.error) return <ErrorState error={r.error} onRetry={r.reload} />;
  const roster = r.data!;

  const handleExport = async () => {
    if (IS_WEAPP) {
      // The mini-program cannot save arbitrary files: copy the CSV link for a computer.
      const url = rosterCsvUrl(id).startsWith('http') ? rosterCsvUrl(id) : `${API_ORIGIN}${rosterCsvUrl(id)}`;
      await Taro.setClipboardData({ data: url }).catch(() => undefined);
      return;
    }
    await downloadRosterCsv(id).catch(toastError);
  };

  return (
    <View id='rota-roster'>
      <View className='card'>
        <Text className='h1'>{roster.rota.name}</Text>
        <Text className='muted'>
          {roster.rota.areaName} · {roster.rota.memberCount} 家商户和志愿者轮流值守 · 每周 {roster.rota.slots} 家
        </Text>
        <View className='rota-kv' id='rota-roster-officer'>
          <Text className='rota-kv__k'>社区民警</Text>
          <Text>
            {roster.officer.nickname} {roster.officer.phone ?? ''}
          </Text>
        </View>
        <Text className='muted'>值守商户在营业的同时留意周边可疑情况，发现问题及时报告社区民警。</Text>
      </View>
      <View className='card'>
        {roster.weeks.map((w) => (
          <View key={w.index} className={`rota-week${w.current ? ' rota-week--current' : ''}`} id={`rota-roster-week-${w.index}`}>
            <View className='row row--between'>
              <Text>{periodText(w.start, w.end)}</Text>
              {w.current && <Text className='tag tag--accent'>本周</Text>}
              {w.skipped && <Text className='tag tag--neutral'>节假日停班</Text>}
            </View>
            {w.duties.map((d) => (
              <Text key={d.dutyId} className='rota-checklist__item rota-roster-duty'>
                {d.participant.name}
                {d.address ? ` · ${d.address}` : ''}
                {d.phone ? ` · ${d.phone}` : ''}
              </Text>
            ))}
            {!w.skipped && !w.duties.length && <Text className='muted'>待安排</Text>}
          </View>
        ))}
      </View>
      <View className='btn-group rota-noprint'>
        {!IS_WEAPP && (
          <Button id='rota-roster-print' className='btn btn--plain' onClick={() => window.print()}>
            打印张贴
          </Button>
        )}
        <Button id='rota-roster-export' className='btn btn--plain' onClick={handleExport}>
          {IS_WEAPP ? '复制 CSV 下载链接' : '导出 CSV'}
        </Button>
        {IS_WEAPP && (
          <Button id='rota-roster-share' className='btn' openType='share'>
            分享到邻里群
          </Button>
        )}
      </View>
    </View>
  );
}
