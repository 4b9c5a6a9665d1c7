import { Text, View } from '@tarojs/components';
import PageWrapper from '../../../components/PageWrapper';
import './index.scss';

interface Section {
  title: string;
  paragraphs: string[];
}

/** The privacy policy (PIPL Art. 17: purposes, retention, rights and how to withdraw consent). */
const SECTIONS: Section[] = [
  {
    title: '一、我们是谁',
    paragraphs: [
      '“邻里”是面向城市社区网格化治理的服务平台，由所在辖区的运营单位提供。本政策说明我们收集哪些个人信息、为什么收集、保存多久，以及您如何查看、导出、删除这些信息和撤回同意。',
    ],
  },
  {
    title: '二、我们收集的信息和用途',
    paragraphs: [
      '1. 微信身份标识（openid）：用于登录和识别您的账号。登录时不会获取您的手机号、头像或昵称。',
      '2. 位置信息：仅在您使用“辖区查询”等功能并授权后获取，用于确定您所在的网格、社区和街道，方便上报问题和查询辖区。位置只用于当次查询，服务器不保存您的查询坐标；上次查询结果只保存在您自己的设备上，退出登录或注销时清除。今后如有值班签到等需要连续记录位置的功能，会另行单独征得您的同意。',
      '3. 手机号：仅在您主动点击“绑定手机号”并在微信中确认后获取，用于工作人员在处理您的申请或事项时联系您。手机号加密保存，界面上只显示部分号码（如 138****1234）。',
      '4. 头像和昵称：由您主动选择和填写，用于在平台内展示。',
      '5. 照片：今后上报问题等功能可能需要您拍摄或选择照片，照片只用于处理对应事项，提交前会再次提示。当前版本不收集照片。',
      '6. 身份申请信息：您申请楼栋长、商户、网格员等身份时填写的辖区和理由，用于辖区管理员审核。',
    ],
  },
  {
    title: '三、保存期限',
    paragraphs: [
      '账号信息、手机号、头像和昵称：保存至您注销账号，注销后 15 日内删除。',
      '身份申请及审核记录：为履行社区治理职责，保存至审核完成后 1 年，或您注销账号时删除。',
      '登录记录（会话）：会话到期后 30 日内删除。',
      '位置：服务器不保存辖区查询的坐标。',
      '照片（今后的上报功能）：事项办结后保存不超过 1 年。',
    ],
  },
  {
    title: '四、共享与委托处理',
    paragraphs: [
      '我们不会出售您的个人信息。身份申请只对负责审核的辖区管理员可见；您的手机号只对处理您事项的工作人员可见。法律法规要求时，我们会依法向有关机关提供。',
    ],
  },
  {
    title: '五、您的权利',
    paragraphs: [
      '查看与更正：在“我的 - 个人资料”中查看和修改头像、昵称，解绑手机号。',
      '导出：在“我的 - 我的数据”中导出我们保存的全部个人信息。',
      '删除与注销：在“我的 - 我的数据”中注销账号，您的个人信息将被删除或匿名化。',
      '撤回同意：在“我的 - 设置 - 系统授权管理”中关闭位置等授权；解绑手机号即撤回对手机号的授权；注销账号即撤回全部同意。撤回不影响撤回前基于同意已进行的处理。',
    ],
  },
  {
    title: '六、未成年人',
    paragraphs: ['本服务面向成年居民。不满 14 周岁的未成年人请在监护人同意和陪同下使用。'],
  },
  {
    title: '七、联系我们',
    paragraphs: ['如对本政策或个人信息处理有疑问、意见或投诉，可联系您所在社区的网格员或辖区运营单位，我们将在 15 个工作日内答复。'],
  },
];

export default function Privacy() {
  return (
    <PageWrapper className='privacy'>
      <View className='card'>
        <Text className='h1'>邻里隐私政策</Text>
        <Text className='muted privacy__meta'>更新日期：2026 年 11 月 23 日</Text>
        {SECTIONS.map((s) => (
          <View key={s.title} className='privacy__section'>
            <Text className='card__title'>{s.title}</Text>
            {s.paragraphs.map((p) => (
              <Text key={p} className='privacy__p'>
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </PageWrapper>
  );
}
