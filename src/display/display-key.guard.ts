import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DISPLAY_KEY_HEADER, DisplayLinksService } from './display-links.service';

/**
 * The 大屏's own door: a route marked @Public() (no session) and guarded by
 * this accepts a live display link's key in `X-Display-Key`, and nothing else
 * does. Only the display controller uses it, so the key opens no other route.
 */
@Injectable()
export class DisplayKeyGuard implements CanActivate {
  constructor(private readonly links: DisplayLinksService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const header = req.headers[DISPLAY_KEY_HEADER];
    await this.links.authenticate(typeof header === 'string' ? header.trim() : undefined);
    return true;
  }
}
