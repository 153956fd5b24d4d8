import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.ts';
import { bearer, requireSession } from '../auth.ts';

const Login = z.strictObject({ user: z.string().min(1).max(64), password: z.string().min(1).max(128) });
const IdentityOut = z.object({
  user: z.string(),
  kind: z.enum(['candidate', 'trainer', 'jury']),
  roles: z.array(z.string()),
  station: z.string().optional(),
});

/** Login with station, trainer or jury credentials; the token identifies every later request. */
export const sessionRoutes =
  (ctx: AppContext): FastifyPluginAsync =>
  async (app0) => {
    const app = app0.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/login',
      {
        schema: {
          tags: ['session'],
          summary: 'Log in with station, trainer or jury credentials',
          body: Login,
          response: {
            200: z.object({ token: z.string(), identity: IdentityOut }),
            401: z.object({ error: z.string(), message: z.string() }),
          },
        },
      },
      async (req, reply) => {
        const s = ctx.sessions.login(req.body.user, req.body.password);
        if (!s)
          return reply.code(401).send({ error: 'unauthorized', message: 'wrong user name or password' });
        return { token: s.token, identity: { ...s.identity, roles: [...s.identity.roles] } };
      },
    );
    app.post(
      '/api/logout',
      { schema: { tags: ['session'], summary: 'End the session' } },
      async (req, reply) => {
        const t = bearer(req);
        if (t) ctx.sessions.logout(t);
        return reply.code(204).send();
      },
    );
    app.get(
      '/api/me',
      { schema: { tags: ['session'], summary: 'Who am I', response: { 200: IdentityOut } } },
      async (req, reply) => {
        const s = requireSession(ctx.sessions, req, reply);
        if (!s) return reply;
        return { ...s.identity, roles: [...s.identity.roles] };
      },
    );
  };
