import { Body, Controller, Get, Inject, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import { ErrorCode } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';
import { WechatPushService } from './wechat-push.service';

type PushQuery = { signature?: string; timestamp?: string; nonce?: string; echostr?: string };

/**
 * WeChat's message-push URL (mini-program admin console -> 开发 -> 消息推送, JSON format, plain-text
 * mode). GET is the one-time URL check; POST carries events. Both are signed with WECHAT_PUSH_TOKEN;
 * a bad signature answers 403 and nothing is processed.
 */
@Controller('/api')
export class WechatPushController {
  @Inject()
  ctx: Context;

  @Inject()
  push: WechatPushService;

  @Get('/wechat/push')
  async verifyUrl(@Query() query: PushQuery) {
    if (!this.push.verify(query)) throw new AppError(ErrorCode.Forbidden);
    this.ctx.type = 'text/plain';
    return String(query.echostr ?? '');
  }

  @Post('/wechat/push')
  async receive(@Query() query: PushQuery, @Body() body: unknown) {
    if (!this.push.verify(query)) throw new AppError(ErrorCode.Forbidden);
    await this.push.dispatch(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
    this.ctx.type = 'text/plain';
    return 'success';
  }
}
