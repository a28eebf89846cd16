import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../core/auth/auth-user';
import { Clock } from '../core/clock';
import { APP_CONFIG, type AppConfig } from '../core/config/app-config';
import { UnitOfWork } from '../core/database/unit-of-work';
import { notFound, unauthenticated } from '../core/errors';
import { onePage } from '../core/http/list';
import type { DisplayLink } from './display-link.entity';
import { type DisplayLinkRow, DisplayLinksRepository } from './display-links.repository';

/** The header the screen sends its key in. */
export const DISPLAY_KEY_HEADER = 'x-display-key';
/** A key is 32 URL-safe characters (24 random bytes); anything much longer is not one of ours and never reaches the database. */
const MAX_KEY_LENGTH = 100;
/** The last use is written at most this often: the screen reads every few minutes, a reload storm writes once. */
const TOUCH_EVERY_MS = 60_000;

export const hashDisplayKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const view = (l: DisplayLink, createdByName: string | null) => ({
  id: l.id,
  name: l.name,
  createdById: l.createdById,
  createdByName,
  createdAt: l.createdAt,
  revokedAt: l.revokedAt,
  lastUsedAt: l.lastUsedAt,
  active: l.revokedAt === null,
});
const rowView = (r: DisplayLinkRow) => view(r, r.createdByName);
/** What the audit keeps of a link: never its key or hash. */
const audited = (l: DisplayLink) => ({ name: l.name, revokedAt: l.revokedAt });

/**
 * 大屏 links (issue 11): an admin makes a read-only link for the
 * meeting-room screen, sees the key once, and can revoke it; the screen
 * presents the key on every read. Only the key's SHA-256 is stored.
 */
@Injectable()
export class DisplayLinksService {
  constructor(
    private readonly links: DisplayLinksRepository,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list() {
    return onePage((await this.links.listWithCreators()).map(rowView));
  }

  /** A new link: the answer carries the key and the screen's address, shown this once. */
  async create(actor: AuthUser, name: string) {
    const key = randomBytes(24).toString('base64url');
    const link = await this.uow.run(async (em) => {
      const l = await this.links.insert(em, { name, keyHash: hashDisplayKey(key), createdById: actor.id });
      await this.audit.record(em, { entity: 'display_link', entityId: l.id, action: 'create', actorId: actor.id, after: audited(l) });
      return l;
    });
    return { ...view(link, actor.name), key, url: `${this.config.jobs.appUrl}/#/display?key=${key}` };
  }

  /** Revokes a link: the screen showing it gets 401 on its next read. Revoking a revoked link changes nothing. */
  async revoke(actor: AuthUser, id: number) {
    await this.uow.run(async (em) => {
      const l = await this.links.findById(id, em);
      if (!l) throw notFound('大屏链接', id);
      if (l.revokedAt) return;
      const before = audited(l);
      await this.links.revoke(em, id, this.clock.now());
      const after = await this.links.findById(id, em);
      await this.audit.record(em, { entity: 'display_link', entityId: id, action: 'revoke', actorId: actor.id, before, after: audited(after!) });
    });
    const [row] = await this.links.listWithCreators(id);
    return rowView(row);
  }

  /** The live link a key opens; 401 when the key is missing, unknown or revoked. */
  async authenticate(key: string | undefined): Promise<DisplayLink> {
    if (!key) throw unauthenticated('missing_display_key', '缺少大屏链接密钥，请使用管理员提供的大屏链接打开');
    const link = key.length <= MAX_KEY_LENGTH ? await this.links.findByKeyHash(hashDisplayKey(key)) : null;
    if (!link || link.revokedAt) throw unauthenticated('display_link_invalid', '此大屏链接已失效，请联系管理员');
    const now = this.clock.now();
    if (!link.lastUsedAt || now.getTime() - link.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await this.uow.run((em) => this.links.touch(em, link.id, now));
    }
    return link;
  }
}
