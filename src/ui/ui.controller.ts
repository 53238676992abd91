import {
  BadRequestException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { identityLabel } from '../security/caller-identity.js';
import { type AuthedRequest, identityOf } from '../security/http-access.js';
import { UI_ASSETS, UI_CSP, readAsset } from './ui-assets.js';
import { type AuditFilter, auditFiles, parseTime, readAuditPage } from './audit-reader.js';
import { type ConsoleCaller, UiData } from './ui-data.service.js';

/** Lines per audit page at most, and lines an export carries at most. */
const MAX_PAGE = 500;
const MAX_EXPORT = 50_000;

type AuditQuery = Partial<
  Record<'since' | 'until' | 'identity' | 'tool' | 'outcome' | 'namespace' | 'text', string>
>;

function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', UI_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');
}

/**
 * The web console: the page shell and its static files (no data in them: served without a token,
 * Host/Origin still checked — see SHELL_ROUTES), and the JSON API under /ui/api, which needs the
 * same bearer token as every other route.
 */
@Controller('ui')
export class UiController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly data: UiData,
  ) {}

  @Get()
  shell(@Res() reply: FastifyReply): void {
    this.sendAsset('index.html', reply);
  }

  @Get('assets/:file')
  asset(@Req() req: FastifyRequest<{ Params: { file: string } }>, @Res() reply: FastifyReply): void {
    this.sendAsset(req.params.file, reply);
  }

  /** Who the token is: the page's login check. */
  @Get('api/whoami')
  whoami(@Req() req: FastifyRequest): { identity: string; auditEnabled: boolean; namespaces?: string[] } {
    return {
      identity: identityLabel(identityOf(req.raw)),
      auditEnabled: this.config.K8S_AUDIT_ENABLED,
      namespaces: this.data.visibleNamespaces(),
    };
  }

  /** One page of the audit log, newest first; `cursor` continues where the last page stopped. */
  @Get('api/audit')
  audit(@Query() query: AuditQuery & { cursor?: string; limit?: string }): {
    lines: unknown[];
    next?: string;
    scannedBytes: number;
  } {
    const limit = Math.min(MAX_PAGE, Math.max(1, Number(query.limit ?? 100) || 100));
    const page = readAuditPage(this.files(), this.filter(query), {
      cursor: query.cursor,
      limit,
      mask: this.data.lineMask(),
    });
    return { lines: page.lines.map(parseLine), next: page.next, scannedBytes: page.scannedBytes };
  }

  /** Every line the filter keeps (newest first, at most MAX_EXPORT), as JSON lines exactly as in the file. */
  @Get('api/audit/export')
  export(@Query() query: AuditQuery, @Res() reply: FastifyReply): void {
    const filter = this.filter(query);
    const mask = this.data.lineMask();
    const out: string[] = [];
    let cursor: string | undefined;
    do {
      const page = readAuditPage(this.files(), filter, { cursor, limit: MAX_EXPORT - out.length, mask });
      out.push(...page.lines);
      cursor = page.next;
    } while (cursor && out.length < MAX_EXPORT);
    reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', 'attachment; filename="audit-export.jsonl"')
      .header('cache-control', 'no-store')
      .send(out.map((l) => `${l}\n`).join(''));
  }

  @Get('api/health')
  health(): Promise<unknown> {
    return this.data.health();
  }

  @Get('api/anomalies')
  anomalies(@Req() req: FastifyRequest, @Query('namespace') namespace?: string): Promise<unknown> {
    return this.data.anomalies(this.caller(req), namespace || undefined);
  }

  /** The change timeline (k8s-what-changed), newest first, paged by the tool's continue token. */
  @Get('api/changes')
  changes(
    @Req() req: FastifyRequest,
    @Query()
    q: {
      since?: string;
      namespace?: string;
      kind?: string;
      name?: string;
      continue?: string;
      limit?: string;
    },
  ): Promise<unknown> {
    const minutes = q.since ? sinceMinutes(q.since) : undefined;
    return this.data.changes(this.caller(req), {
      sinceMinutes: minutes,
      namespace: q.namespace || undefined,
      kind: q.kind || undefined,
      name: q.name || undefined,
      continue: q.continue || undefined,
      limit: q.limit ? Math.min(MAX_PAGE, Math.max(1, Number(q.limit) || 100)) : 100,
    });
  }

  @Get('api/graph')
  graph(
    @Req() req: FastifyRequest,
    @Query() q: { kind?: string; namespace?: string; name?: string; query?: string; depth?: string },
  ): Promise<unknown> {
    if (!q.kind || !q.name) throw new BadRequestException('kind and name are required');
    return this.data.graph(this.caller(req), {
      kind: q.kind,
      name: q.name,
      namespace: q.namespace || undefined,
      query: q.query || 'neighbors',
      depth: q.depth ? Number(q.depth) : undefined,
    });
  }

  private caller(req: FastifyRequest): ConsoleCaller {
    const auth = (req.raw as AuthedRequest).auth;
    const identity = auth?.extra?.identity;
    return {
      identity: auth?.clientId,
      ...(identity?.person ? { person: identity.person } : {}),
      ...(identity?.kubeUser ? { kubeUser: identity.kubeUser } : {}),
    };
  }

  private files(): string[] {
    return auditFiles(this.config.K8S_AUDIT_LOG_PATH, this.config.K8S_AUDIT_KEEP_FILES);
  }

  private filter(q: AuditQuery): AuditFilter {
    const time = (name: 'since' | 'until'): number | undefined => {
      const value = q[name];
      if (!value) return undefined;
      const t = parseTime(value);
      if (t === undefined)
        throw new BadRequestException(`${name}: not a time (e.g. 1h, 30m, 2026-01-01T10:00:00Z)`);
      return t;
    };
    return {
      since: time('since'),
      until: time('until'),
      identity: q.identity || undefined,
      tool: q.tool || undefined,
      outcome: q.outcome || undefined,
      namespace: q.namespace || undefined,
      text: q.text || undefined,
    };
  }

  private sendAsset(name: string, reply: FastifyReply): void {
    const body = name in UI_ASSETS ? readAsset(name) : undefined;
    if (!body) throw new NotFoundException();
    securityHeaders(reply)
      .header('content-type', UI_ASSETS[name]!)
      .header('cache-control', name === 'index.html' ? 'no-store' : 'no-cache')
      .send(body);
  }
}

/** A relative or absolute time as whole minutes back from now (the tool's sinceMinutes), at least 1. */
function sinceMinutes(value: string): number {
  const t = parseTime(value);
  if (t === undefined)
    throw new BadRequestException('since: not a time (e.g. 1h, 30m, 2026-01-01T10:00:00Z)');
  return Math.max(1, Math.ceil((Date.now() - t) / 60_000));
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return { unparsed: line };
  }
}
