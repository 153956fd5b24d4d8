/**
 * The web HMI (issue 6): serves the built Vite app (`hmi/dist`, built by `npm run build:hmi`, which
 * `npm install` runs through `prepare`) with an SPA fallback, and registers the HMI's REST routes
 * (alarms and events, logbook, diagnosis and taxonomy).
 *
 * Exam integrity (reliability-security T4/I4, EI-5): source maps are never served (the production build
 * has none, and `.map` answers 404 anyway); the bundle holds no trainer UI, fault catalogue or trainer
 * endpoint; a Content-Security-Policy keeps scripts to this origin.
 *
 * `PLASTLAB_HMI_DIR` points at another build folder (tests build their own).
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../app.ts';
import { registerHttpServer } from '../realtime/services.ts';
import { hmiAlarmRoutes } from './hmi-alarms.ts';
import { hmiDiagnosisRoutes } from './hmi-diagnosis.ts';
import { hmiLogbookRoutes } from './hmi-logbook.ts';

export const defaultHmiDir = (): string =>
  resolve(process.env.PLASTLAB_HMI_DIR ?? join(import.meta.dirname, '..', '..', '..', 'hmi', 'dist'));

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths that belong to the API or to other servers on this port: never answered with the app. */
const NOT_APP = /^(api|socket\.io|mqtt)(\/|$)/;

function security(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY');
}

export const hmiRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    // the socket.io server attaches to this HTTP server (attachRealtime)
    registerHttpServer(ctx, app.server);
    await app.register(hmiAlarmRoutes(ctx));
    await app.register(hmiLogbookRoutes(ctx));
    await app.register(hmiDiagnosisRoutes(ctx));

    const root = defaultHmiDir();
    await app.register(fastifyStatic, { root, serve: false, dotfiles: 'deny' });

    const sendIndex = (reply: FastifyReply) => {
      if (!existsSync(join(root, 'index.html'))) {
        return security(reply)
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The HMI is not built: run `npm run build:hmi` (npm install does it through `prepare`).\n');
      }
      return security(reply)
        .header('cache-control', 'no-cache')
        .sendFile('index.html', root, { cacheControl: false });
    };

    app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
    app.get('/*', { schema: { hide: true } }, (req, reply) => {
      const path = (req.params as { '*': string })['*'] ?? '';
      if (NOT_APP.test(path)) {
        return reply.code(404).send({ error: 'not_found', message: `/${path.slice(0, 100)}: not found` });
      }
      // never a source map, never a dotfile, never outside the build folder
      if (path.endsWith('.map') || path.split('/').some((s) => s.startsWith('.'))) {
        return reply.code(404).send({ error: 'not_found', message: 'not found' });
      }
      const file = normalize(join(root, path));
      if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
        const immutable = path.startsWith('assets/');
        return security(reply)
          .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
          .sendFile(path, root, { cacheControl: false });
      }
      // a client-side route (/trends, /faceplates/imm…): the app itself; a missing asset: 404
      if (/\.[a-z0-9]{1,5}$/i.test(path))
        return reply.code(404).send({ error: 'not_found', message: 'not found' });
      return sendIndex(reply);
    });
  };
