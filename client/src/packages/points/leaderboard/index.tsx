import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { fetchLeaderboard, fetchPointsSummary, updatePointsSettings } from '../../../api/points';
import Checkbox from '../../../components/Checkbox';
import Empty from '../../../components/Empty';
import ErrorState from '../../../components/ErrorState';
import Loading from '../../../components/Loading';
import LoginGate from '../../../components/LoginGate';
import PageWrapper from '../../../components/PageWrapper';
import UnitPicker, { type PickedUnit } from '../../../components/UnitPicker';
import { useRequest } from '../../../hooks/useRequest';
import { useSession } from '../../../hooks/useSession';
import { toastError, toastOk } from '../../../utils/feedback';
import { beijingMonthText } from '../helpers';
import '../points.scss';

export default function LeaderboardPage() {
  return (
    <PageWrapper className='points-leaderboard'>
      <LoginGate>
        <Leaderboard />
      </LoginGate>
    </PageWrapper>
  );
}

function Leaderboard() {
  const { token, user } = useSession();
  // Start from the community or street of one of my roles, when I have one.
  const mine = (user?.roles ?? []).map((r) => r.unit).find((u) => u && (u.level === 'community' || u.level === 'street'));
  const [unit, setUnit] = useState<PickedUnit | null>(mine ? { id: mine.id, name: mine.name, level: mine.level, path: [mine.name] } : null);
  const [offset, setOffset] = useState(0);
  const month = beijingMonthText(offset);
  const board = useRequest(() => fetchLeaderboard(unit!.id, month), [token, unit?.id, month], { enabled: unit !== null, isEmpty: (b) => b.entries.length === 0 });
  const summary = useRequest(fetchPointsSummary, [token], { isEmpty: () => false });
  const [saving, setSaving] = useState(false);

  const handleOptOut = async (optOut: boolean) => {
    setSaving(true);
    try {
      summary.setData(await updatePointsSettings(optOut));
      toastOk(optOut ? '排行榜上将不显示您的名字' : '排行榜上将显示您的昵称');
      if (unit) void board.reload();
    } catch (e) {
      toastError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      <View className='card'>
        <Text className='card__title'>选择社区或街道</Text>
        <UnitPicker allowedLevels={['community', 'street']} value={unit} onChange={setUnit} />
        <View className='btn-group'>
          <Button id='leaderboard-this-month' className={`btn ${offset === 0 ? '' : 'btn--plain'}`} onClick={() => setOffset(0)}>
            本月
          </Button>
          <Button id='leaderboard-last-month' className={`btn ${offset === -1 ? '' : 'btn--plain'}`} onClick={() => setOffset(-1)}>
            上月
          </Button>
        </View>
      </View>

      {unit && board.loading && <Loading />}
      {unit && board.error && <ErrorState error={board.error} onRetry={board.reload} />}
      {unit && board.empty && <Empty message={`${month} 还没有人获得积分`} />}
      {board.data && board.data.entries.length > 0 && (
        <View id='leaderboard-list'>
          <Text className='section-title'>
            {board.data.unitName} · {month} 积分榜
            {board.data.me ? ` · 我排第 ${board.data.me.rank} 名（${board.data.me.points} 分）` : ''}
          </Text>
          <View className='cells'>
            {board.data.entries.map((e) => (
              <View key={`${e.rank}-${e.name}-${e.points}`} className={`cell leaderboard-row${e.isMe ? ' points-rank--me' : ''}`}>
                <Text className='points-rank'>{e.rank}</Text>
                <Text className='cell__label grow'>
                  {e.name}
                  {e.isMe ? '（我）' : ''}
                </Text>
                <Text className='cell__value'>{e.points} 分</Text>
              </View>
            ))}
          </View>
        </View>
      )}

      <View className='card'>
        <Checkbox id='leaderboard-opt-out' checked={Boolean(summary.data?.leaderboardOptOut)} onChange={(v) => !saving && void handleOptOut(v)}>
          <Text>在排行榜上隐藏我的名字（显示为“匿名邻居”）</Text>
        </Checkbox>
      </View>
    </View>
  );
}
