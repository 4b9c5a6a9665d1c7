import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Role, UserResponse } from '@linli/shared';
import { Routes } from '../../../../constants/routes';
import './index.scss';

interface Entry {
  id: string;
  title: string;
  desc: string;
  url: string;
}

/** Staff work lists, per role the user holds (bound to a unit). */
const STAFF_ENTRIES: Array<{ role: Role; entry: Entry }> = [
  { role: 'street_dispatcher', entry: { id: 'home-dispatcher-entry', title: '街道指挥中心', desc: '受理、派遣、核查、结案，按剩余时限排序', url: Routes.commandDispatcher } },
  { role: 'district_dispatcher', entry: { id: 'home-district-entry', title: '区指挥中心', desc: '处理街道上报到区级的工单（二级响应）', url: Routes.commandDistrict } },
  { role: 'department_handler', entry: { id: 'home-department-entry', title: '部门待办', desc: '签收、处置、退回派给本部门的工单', url: Routes.commandDepartment } },
  { role: 'grid_worker', entry: { id: 'home-grid-entry', title: '网格待办', desc: '本网格的工单、巡查发现的问题和当场处置', url: Routes.commandGrid } },
];

/** Home: 随手拍 and 我的上报 for everyone signed in, plus the ticket work lists of staff. */
export default function TicketEntries({ user }: { user: UserResponse }) {
  const staff = STAFF_ENTRIES.filter((s) => user.roles.some((r) => r.role === s.role && r.unit !== null)).map((s) => s.entry);
  const go = (url: string) => () => Taro.navigateTo({ url });
  return (
    <View id='home-tickets'>
      <View className='ticket-entries'>
        <View id='home-report-entry' className='ticket-entries__big ticket-entries__big--primary' onClick={go(Routes.ticketReport)}>
          <Text className='ticket-entries__big-title'>随手拍</Text>
          <Text className='ticket-entries__big-desc'>拍照上报身边的问题</Text>
        </View>
        <View id='home-my-tickets-entry' className='ticket-entries__big' onClick={go(Routes.ticketMine)}>
          <Text className='ticket-entries__big-title'>我的上报</Text>
          <Text className='ticket-entries__big-desc'>看看办到哪一步了</Text>
        </View>
      </View>
      {staff.length > 0 && (
        <View>
          <Text className='section-title'>工单办理</Text>
          <View className='cells'>
            {staff.map((e) => (
              <View key={e.id} id={e.id} className='cell cell--link' onClick={go(e.url)}>
                <View className='cell__label'>
                  <Text className='home__entry-title'>{e.title}</Text>
                  <Text className='muted home__entry-desc'>{e.desc}</Text>
                </View>
                <Text className='cell__arrow'>›</Text>
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  );
}
