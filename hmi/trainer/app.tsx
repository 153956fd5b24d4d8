/**
 * The trainer console's shell (docs/trainer.md): skip link, header (who, role, the lab's set-up,
 * language, logout), navigation and the current screen. The jury sees the same screens read-only: every
 * control that changes something is absent for them, and the server refuses them anyway.
 */
import { useEffect } from 'preact/hooks';
import { Announcer } from '../src/components/Announcer.tsx';
import { lang, setLang } from '../src/i18n.ts';
import { Link, navigate, path } from '../src/router.tsx';
import { tt } from './i18n.ts';
import { trainerLogout, tsession } from './session.ts';
import { BASE, labInfo, startPolling } from './store.ts';
import { FaultsView } from './views/Faults.tsx';
import { HintsView } from './views/Hints.tsx';
import { LoginView } from './views/Login.tsx';
import { OverviewView } from './views/Overview.tsx';
import { ScoresView } from './views/Scores.tsx';
import { SessionView } from './views/Session.tsx';
import { WatchView } from './views/Watch.tsx';

interface Route {
  readonly screen: string;
  readonly path: string;
  readonly trainerOnly?: boolean;
}

const ROUTES: readonly Route[] = [
  { screen: 'overview', path: `${BASE}/` },
  { screen: 'session', path: `${BASE}/session` },
  { screen: 'faults', path: `${BASE}/faults`, trainerOnly: true },
  { screen: 'hints', path: `${BASE}/hints`, trainerOnly: true },
  { screen: 'watch', path: `${BASE}/watch` },
  { screen: 'scores', path: `${BASE}/scores` },
];

const routeOf = (p: string): Route =>
  ROUTES.find((r) => r.screen !== 'overview' && (p === r.path || p.startsWith(`${r.path}/`))) ?? ROUTES[0]!;

function Screen({ r }: { r: Route }) {
  switch (r.screen) {
    case 'session':
      return <SessionView />;
    case 'faults':
      return <FaultsView />;
    case 'hints':
      return <HintsView />;
    case 'watch':
      return <WatchView />;
    case 'scores':
      return <ScoresView />;
    default:
      return <OverviewView />;
  }
}

function Header() {
  const s = tsession.value!;
  const l = labInfo.value?.lab;
  return (
    <header class="top">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ▣
        </span>{' '}
        plastlab — {tt('app.brand')}
      </div>
      <div class="who">
        <span>
          <strong>{s.user}</strong> ({tt(`role.${s.kind}`)})
        </span>
        {l ? (
          <span>
            {tt('header.lab', {
              material: l.material,
              mould: tt(l.hot_runner ? 'mould.hot' : 'mould.cold'),
              n: l.stations.length,
            })}
          </span>
        ) : null}
      </div>
      <div class="controls">
        <button
          type="button"
          lang={lang.value === 'fr' ? 'en' : 'fr'}
          onClick={() => setLang(lang.value === 'fr' ? 'en' : 'fr')}
        >
          {lang.value === 'fr' ? 'English' : 'Français'}
        </button>
        <button
          type="button"
          onClick={() => {
            void trainerLogout();
            navigate(`${BASE}/`, true);
          }}
        >
          {tt('header.logout')}
        </button>
      </div>
    </header>
  );
}

function Nav({ current }: { current: Route }) {
  const trainer = tsession.value?.kind === 'trainer';
  return (
    <nav aria-label={tt('nav.label')}>
      <ul>
        {ROUTES.filter((r) => trainer || !r.trainerOnly).map((r) => (
          <li key={r.path}>
            <Link href={r.path} current={r === current}>
              {tt(`nav.${r.screen}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

let firstScreen = true;

function Shell() {
  const p = path.value;
  const r = routeOf(p);
  const allowed = !r.trainerOnly || tsession.value?.kind === 'trainer';
  useEffect(() => startPolling(), [tsession.value?.token]);
  useEffect(() => {
    document.title = `${tt(`nav.${r.screen}`)} — ${tt('app.title')}`;
    const h = document.getElementById('page-title');
    if (h && !firstScreen && !(document.activeElement instanceof HTMLInputElement)) h.focus();
    firstScreen = false;
  }, [p, lang.value]);
  return (
    <>
      <a class="skip" href="#main">
        {tt('app.skip')}
      </a>
      <Header />
      <div class="layout">
        <Nav current={r} />
        <main id="main" tabIndex={-1}>
          {allowed ? <Screen r={r} /> : <OverviewView />}
        </main>
      </div>
      <Announcer />
    </>
  );
}

export function App() {
  void lang.value;
  useEffect(() => {
    document.title = tt('app.title');
  }, [lang.value]);
  return tsession.value ? <Shell /> : <LoginView />;
}
