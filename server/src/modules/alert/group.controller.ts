import { Body, Controller, Get, Inject, Param, Patch, Post, Query } from '@midwayjs/core';
import type { Context } from '@midwayjs/koa';
import {
  changeMemberRoleSchema,
  createGroupSchema,
  groupMemberParamsSchema,
  groupMembersQuerySchema,
  idParamSchema,
  inviteCodeParamSchema,
  joinGroupSchema,
  removeMemberSchema,
  reviewMemberSchema,
  updateGroupSchema,
  wechatGroupContextSchema,
} from '@linli/shared';
import { requireAuth } from '../../common/auth/auth.context';
import { validate } from '../../common/validation/validate';
import { presentGroup, presentGroupPreview, presentMember } from './alert.presenter';
import { GroupService } from './group.service';

/** Neighbourhood groups: create, join (with approval), review, roles, leave, invite codes and QR codes. */
@Controller('/api/groups')
export class GroupController {
  @Inject()
  ctx: Context;

  @Inject()
  groups: GroupService;

  @Get('/')
  async mine() {
    const auth = requireAuth(this.ctx);
    return { ok: true, data: (await this.groups.listMine(auth)).map(presentGroup) };
  }

  @Post('/')
  async create(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(createGroupSchema, body);
    const view = await this.groups.create(auth, input);
    this.ctx.status = 201;
    return { ok: true, data: presentGroup(view) };
  }

  @Get('/invite/:code')
  async preview(@Param('code') code: string) {
    const auth = requireAuth(this.ctx);
    const input = validate(inviteCodeParamSchema, { code });
    return { ok: true, data: presentGroupPreview(await this.groups.preview(auth, input.code)) };
  }

  @Post('/join')
  async join(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(joinGroupSchema, body);
    return { ok: true, data: presentGroup(await this.groups.join(auth, input)) };
  }

  @Post('/wechat-suggest')
  async suggest(@Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const input = validate(wechatGroupContextSchema, body);
    return { ok: true, data: (await this.groups.suggestForWechatGroup(auth, input)).map(presentGroupPreview) };
  }

  @Get('/:id')
  async detail(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentGroup(await this.groups.detail(auth, params.id)) };
  }

  @Patch('/:id')
  async update(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(updateGroupSchema, body);
    return { ok: true, data: presentGroup(await this.groups.update(auth, params.id, input)) };
  }

  @Post('/:id/invite-code')
  async rotate(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentGroup(await this.groups.rotateInviteCode(auth, params.id)) };
  }

  @Get('/:id/qrcode')
  async qrcode(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const png = await this.groups.qrCode(auth, params.id);
    this.ctx.set('Cache-Control', 'private, no-store');
    this.ctx.type = 'image/png';
    return png;
  }

  @Post('/:id/wechat-group')
  async linkWechatGroup(@Param('id') id: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(wechatGroupContextSchema, body);
    return { ok: true, data: presentGroup(await this.groups.linkWechatGroup(auth, params.id, input)) };
  }

  @Get('/:id/members')
  async members(@Param('id') id: string, @Query() query: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    const input = validate(groupMembersQuerySchema, query);
    const page = await this.groups.members(auth, params.id, input);
    return { ok: true, data: { items: page.items.map(presentMember), nextCursor: page.nextCursor } };
  }

  @Post('/:id/members/:userId/review')
  async review(@Param('id') id: string, @Param('userId') userId: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(groupMemberParamsSchema, { id, userId });
    const input = validate(reviewMemberSchema, body);
    return { ok: true, data: presentMember(await this.groups.review(auth, params.id, params.userId, input)) };
  }

  @Patch('/:id/members/:userId')
  async changeRole(@Param('id') id: string, @Param('userId') userId: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(groupMemberParamsSchema, { id, userId });
    const input = validate(changeMemberRoleSchema, body);
    return { ok: true, data: presentMember(await this.groups.changeRole(auth, params.id, params.userId, input)) };
  }

  @Post('/:id/members/:userId/remove')
  async remove(@Param('id') id: string, @Param('userId') userId: string, @Body() body: unknown) {
    const auth = requireAuth(this.ctx);
    const params = validate(groupMemberParamsSchema, { id, userId });
    const input = validate(removeMemberSchema, body);
    return { ok: true, data: presentMember(await this.groups.remove(auth, params.id, params.userId, input)) };
  }

  @Post('/:id/leave')
  async leave(@Param('id') id: string) {
    const auth = requireAuth(this.ctx);
    const params = validate(idParamSchema, { id });
    return { ok: true, data: presentGroup(await this.groups.leave(auth, params.id)) };
  }
}
