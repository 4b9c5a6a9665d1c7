import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { DemoAccountResponse } from '@linli/shared';
import { useState } from 'react';
import { demoLogin, fetchDemoAccounts } from '../../api/auth';
import { fetchMe } from '../../api/me';
import { silentLogin } from '../../api/request';
import Checkbox from '../../components/Checkbox';
import Empty from '../../components/Empty';
import ErrorState from '../../components/ErrorState';
import Loading from '../../components/Loading';
import PageWrapper from '../../components/PageWrapper';
import { IS_H5 } from '../../constants/env';
import { Routes, TAB_ROUTES } from '../../constants/routes';
import { useRequest } from '../../hooks/useRequest';
import { toastError } from '../../utils/feedback';
import './index.scss';

/** After login: back to the page that asked for it, else home. */
function leave(redirect: string | undefined) {
  const target = redirect ? decodeURIComponent(redirect) : '';
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack();
  } else if (target && !TAB_ROUTES.includes(target) && target.startsWith('/')) {
    void Taro.redirectTo({ url: target });
  } else {
    void Taro.switchTab({ url: TAB_ROUTES.includes(target) ? target : Routes.home });
  }
}

function PrivacyAgree({ agreed, onChange }: { agreed: boolean; onChange: (v: boolean) => void }) {
  return (
    <Checkbox id='privacy-agree' checked={agreed} onChange={onChange}>
      <Text>我已阅读并同意</Text>
      <Text
        className='link'
        onClick={(e) => {
          e.stopPropagation();
          void Taro.navigateTo({ url: Routes.privacy });
        }}
      >
        《隐私政策》
      </Text>
    </Checkbox>
  );
}

export default function Login() {
  const { params } = useRouter();
  return <PageWrapper className='login'>{IS_H5 ? <DemoLogin redirect={params.redirect} /> : <WechatLogin redirect={params.redirect} />}</PageWrapper>;
}

/** H5 demo sign-in: one card per seeded account; tap a card to choose it, then 登录. */
function DemoLogin({ redirect }: { redirect?: string }) {
  const accounts = useRequest(fetchDemoAccounts, []);
  const [selected, setSelected] = useState<string | null>(null);
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);

  const handleSubmit = async () => {
    if (!selected) {
      void Taro.showToast({ title: '请先选择一个演示账号', icon: 'none' });
      return;
    }
    if (!agreed) {
      void Taro.showToast({ title: '请先阅读并同意隐私政策', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await demoLogin({ account: selected });
      leave(redirect);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };

  if (accounts.loading) return <Loading />;
  if (accounts.error?.code === 'DEMO_MODE_DISABLED') {
    return (
      <View className='card' id='demo-disabled'>
        <Text className='card__title'>演示登录未开启</Text>
        <Text className='card__desc'>网页版目前只提供演示账号登录。请在微信中打开“邻里”小程序使用完整功能。</Text>
      </View>
    );
  }
  if (accounts.error) return <ErrorState error={accounts.error} onRetry={accounts.reload} />;
  if (accounts.empty) return <Empty message='没有可用的演示账号' />;

  return (
    <View>
      <View className='card'>
        <Text className='h1'>选择演示账号登录</Text>
        <Text className='card__desc'>每个账号代表一种身份，数据均为演示数据。</Text>
      </View>
      <View className='login__accounts' role='radiogroup'>
        {accounts.data?.map((a: DemoAccountResponse) => (
          <View
            key={a.key}
            id={`demo-account-${a.key}`}
            className={`card login__account${selected === a.key ? ' login__account--on' : ''}`}
            role='radio'
            aria-checked={selected === a.key}
            data-selected={selected === a.key ? 'true' : 'false'}
            onClick={() => setSelected(a.key)}
          >
            <View className='row row--between'>
              <Text className='login__role'>{a.roleLabel}</Text>
              <Text className={`tag ${selected === a.key ? 'tag--accent' : 'tag--neutral'}`}>{selected === a.key ? '已选择' : '点击选择'}</Text>
            </View>
            <Text className='login__nick'>{a.nickname}</Text>
            {a.unitName && <Text className='muted login__line'>辖区：{a.unitName}</Text>}
            <Text className='muted login__line'>{a.description}</Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <PrivacyAgree agreed={agreed} onChange={setAgreed} />
        <Button id='demo-login-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleSubmit}>
          登录
        </Button>
      </View>
    </View>
  );
}

/** Mini-program: silent WeChat login (no phone or avatar asked). */
function WechatLogin({ redirect }: { redirect?: string }) {
  const [agreed, setAgreed] = useState(false);
  const [busy, setBusy] = useState(false);
  const handleLogin = async () => {
    if (!agreed) {
      void Taro.showToast({ title: '请先阅读并同意隐私政策', icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await silentLogin();
      await fetchMe();
      leave(redirect);
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='card'>
      <Text className='h1'>登录邻里</Text>
      <Text className='card__desc login__intro'>使用微信身份登录，不会获取您的手机号和头像；需要时会另行征得您的同意。</Text>
      <PrivacyAgree agreed={agreed} onChange={setAgreed} />
      <Button id='wechat-login-submit' className={`btn${busy ? ' btn--disabled' : ''}`} loading={busy} disabled={busy} onClick={handleLogin}>
        微信登录
      </Button>
    </View>
  );
}
