/** Login with the trainer or the jury account; a candidate account is refused with a clear message. */
import { useState } from 'preact/hooks';
import { lang, setLang } from '../../src/i18n.ts';
import { tt } from '../i18n.ts';
import { trainerLogin } from '../session.ts';

export function LoginView() {
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <main id="main" class="login">
      <div class="login-box">
        <div class="login-head">
          <h1 id="page-title" tabIndex={-1}>
            {tt('login.title')}
          </h1>
          <button
            type="button"
            lang={lang.value === 'fr' ? 'en' : 'fr'}
            onClick={() => setLang(lang.value === 'fr' ? 'en' : 'fr')}
          >
            {lang.value === 'fr' ? 'English' : 'Français'}
          </button>
        </div>
        <p>{tt('login.intro')}</p>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            setBusy(true);
            setError('');
            const r = await trainerLogin(user.trim(), password);
            setBusy(false);
            if (!r.ok) setError(tt(`login.error.${r.reason}`));
          }}
        >
          <div class="field">
            <label for="login-user">{tt('login.user')}</label>
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
            <label for="login-password">{tt('login.password')}</label>
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
          {error ? (
            <p class="error" role="alert">
              <span aria-hidden="true">✗</span> {error}
            </p>
          ) : null}
          <button type="submit" class="primary" disabled={busy}>
            {tt('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
