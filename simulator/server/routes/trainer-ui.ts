/**
 * The trainer console (`/trainer/`, docs/trainer.md): the second page of the HMI's Vite build
 * (`hmi/trainer/index.html` → `<build>/trainer/index.html`), served with a client-side-route fallback.
 * Its code holds no exercise or fault data — everything comes from the trainer-only API after a trainer
 * or jury login — and the candidate's page never loads it (reliability-security T4: the candidate bundle
 * has no trainer screen, string or endpoint; tests/e2e/trainer-bundle.test.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AppContext } from '../app.ts';
import { defaultHmiDir } from './hmi.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const secure = (reply: FastifyReply): FastifyReply =>
  reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .header('cache-control', 'no-cache');

export const trainerUiRoutes =
  (_ctx: AppContext): FastifyPluginAsync =>
  async (app) => {
    const root = join(defaultHmiDir(), 'trainer');
    await app.register(fastifyStatic, { root, serve: false, dotfiles: 'deny' });

    const sendIndex = (reply: FastifyReply) => {
      if (!existsSync(join(root, 'index.html'))) {
        return secure(reply)
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The trainer console is not built: run `npm run build:hmi`.\n');
      }
      return secure(reply).sendFile('index.html', root, { cacheControl: false });
    };

    app.get('/trainer', { schema: { hide: true } }, (_req, reply) => reply.redirect('/trainer/', 302));
    app.get('/trainer/*', { schema: { hide: true } }, (req, reply) => {
      const path = (req.params as { '*': string })['*'] ?? '';
      if (path.endsWith('.map') || path.split('/').some((s) => s.startsWith('.')))
        return reply.code(404).send({ error: 'not_found', message: 'not found' });
      const file = normalize(join(root, path));
      if (path && file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile())
        return secure(reply).sendFile(path, root, { cacheControl: false });
      if (/\.[a-z0-9]{1,5}$/i.test(path))
        return reply.code(404).send({ error: 'not_found', message: 'not found' });
      return sendIndex(reply);
    });
  };
