/** Login with the station's credentials and the access level to work with (issue 6). */
import { useState } from 'preact/hooks';
import type { AccessLevel } from '../../simulator/server/realtime/wire.ts';
import { lang, setLang, t } from '../src/i18n.ts';
import { navigate } from '../src/router.tsx';
import { login } from '../src/session.ts';

export function LoginView() {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [lvl, setLvl] = useState<AccessLevel>('operator');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="login">
      <div class="login-box">
        <div class="login-head">
          <h1 id="page-title" tabIndex={-1}>
            {t('login.title')}
          </h1>
          <button
            type="button"
            lang={lang.value === 'fr' ? 'en' : 'fr'}
            onClick={() => setLang(lang.value === 'fr' ? 'en' : 'fr')}
          >
            {lang.value === 'fr' ? 'English' : 'Français'}
          </button>
        </div>
        <p>{t('login.intro')}</p>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError('');
            const r = await login(user.trim(), password, lvl);
            setBusy(false);
            if (r.ok) navigate('/', true);
            else setError(t(`login.error.${r.reason}`));
          }}
        >
          <div class="field">
            <label for="login-user">{t('login.user')}</label>
            <input
              id="login-user"
              name="user"
              autoComplete="username"
              required
              value={user}
              onInput={(e) => setUser(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <fieldset class="field">
            <legend>{t('login.level')}</legend>
            {(['operator', 'technician'] as const).map((l) => (
              <div class="check" key={l}>
                <input
                  id={`login-level-${l}`}
                  type="radio"
                  name="level"
                  value={l}
                  checked={lvl === l}
                  onChange={() => setLvl(l)}
                />
                <label for={`login-level-${l}`}>{t(`level.${l}`)}</label>
              </div>
            ))}
          </fieldset>
          {error ? (
            <p class="error" role="alert">
              <span aria-hidden="true">✗</span> {error}
            </p>
          ) : null}
          <button type="submit" class="primary" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
