/**
 * The application shell: skip link, header (station, simulated clock, connection, access level,
 * language, logout), alarms banner, navigation and the current screen. Every screen change is journaled
 * (`view`) with the candidate's identity by the server, and focus moves to the new screen's title.
 */
import { useEffect } from 'preact/hooks';
import type { AccessLevel } from '../../simulator/server/realtime/wire.ts';
import { AlarmsView } from '../views/Alarms.tsx';
import { DiagnosisView } from '../views/Diagnosis.tsx';
import { FaceplatesView } from '../views/Faceplates.tsx';
import { LogbookView } from '../views/Logbook.tsx';
import { LoginView } from '../views/Login.tsx';
import { GmaoView } from '../views/mes/Gmao.tsx';
import { MesView } from '../views/mes/Mes.tsx';
import { SpcView } from '../views/mes/Spc.tsx';
import { OverviewView } from '../views/Overview.tsx';
import { ParametersView } from '../views/Parameters.tsx';
import { SafetyView } from '../views/Safety.tsx';
import { ShotsView } from '../views/Shots.tsx';
import { TrendsView } from '../views/Trends.tsx';
import { TwinView } from '../views/Twin.tsx';
import { AlarmBanner } from './components/AlarmBanner.tsx';
import { Announcer, announce } from './components/Announcer.tsx';
import { StackLight } from './components/StackLight.tsx';
import { reloadDraft } from './draft.ts';
import { fmtTime, lang, setLang, t } from './i18n.ts';
import { absTime, alarms, connect, disconnect, simT, status, view } from './live.ts';
import { gmaoTab, MES_ROUTES, mesTab, mesViewTarget } from './mes/routes.ts';
import { Link, navigate, path } from './router.tsx';
import { level, logout, session, setLevel } from './session.ts';

interface Route {
  readonly screen: string;
  readonly path: string;
  readonly nav: string;
}

const ROUTES: readonly Route[] = [
  { screen: 'overview', path: '/', nav: 'nav.overview' },
  { screen: 'faceplate', path: '/faceplates', nav: 'nav.faceplates' },
  { screen: 'trends', path: '/trends', nav: 'nav.trends' },
  { screen: 'shots', path: '/shots', nav: 'nav.shots' },
  ...MES_ROUTES,
  { screen: 'alarms', path: '/alarms', nav: 'nav.alarms' },
  { screen: 'logbook', path: '/logbook', nav: 'nav.logbook' },
  { screen: 'parameters', path: '/parameters', nav: 'nav.parameters' },
  { screen: 'safety', path: '/safety', nav: 'nav.safety' },
  { screen: 'diagnosis', path: '/diagnosis', nav: 'nav.diagnosis' },
  { screen: 'twin', path: '/twin', nav: 'nav.twin' },
];

const routeOf = (p: string): Route =>
  ROUTES.find((r) => r.path !== '/' && (p === r.path || p.startsWith(`${r.path}/`))) ?? ROUTES[0]!;

function Screen({ p }: { p: string }) {
  const r = routeOf(p);
  switch (r.screen) {
    case 'faceplate':
      return <FaceplatesView equipment={decodeURIComponent(p.split('/')[2] ?? '')} />;
    case 'trends':
      return <TrendsView />;
    case 'shots':
      return <ShotsView />;
    case 'alarms':
      return <AlarmsView />;
    case 'logbook':
      return <LogbookView />;
    case 'parameters':
      return <ParametersView />;
    case 'safety':
      return <SafetyView />;
    case 'diagnosis':
      return <DiagnosisView />;
    case 'twin':
      return <TwinView />;
    case 'spc':
      return <SpcView />;
    case 'mes':
      return <MesView tab={mesTab(p)} />;
    case 'gmao':
      return <GmaoView tab={gmaoTab(p)} />;
    default:
      return <OverviewView />;
  }
}

function StatusText() {
  const s = status.value;
  const icon = s === 'live' ? '●' : s === 'connecting' ? '◌' : '✕';
  return (
    <span class={`conn ${s}`} role="status">
      <span aria-hidden="true">{icon}</span> {t(`status.${s}`)}
    </span>
  );
}

function Header() {
  const s = session.value!;
  return (
    <header class="top">
      <div class="brand">
        <span class="logo" aria-hidden="true">
          ▣
        </span>{' '}
        plastlab
      </div>
      <div class="who">
        <span>
          {t('header.station')} <strong>{s.station}</strong>
        </span>
        <span class="clock" title={t('header.simTime')}>
          <span class="sr-only">{t('header.simTime')} </span>
          {simT.value ? fmtTime(absTime(simT.value)) : '—'}
        </span>
        <StatusText />
        <StackLight compact />
      </div>
      <div class="controls">
        <label for="level">{t('header.level')}</label>
        <select
          id="level"
          value={level.value}
          onChange={(e) => {
            const l = e.currentTarget.value as AccessLevel;
            setLevel(l);
            announce(t('header.levelChanged', { level: t(`level.${l}`) }));
          }}
        >
          <option value="operator">{t('level.operator')}</option>
          <option value="technician">{t('level.technician')}</option>
        </select>
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
            disconnect();
            void logout();
            navigate('/', true);
          }}
        >
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}

function Nav({ p }: { p: string }) {
  const current = routeOf(p);
  const n = alarms.value.filter((a) => !a.acked).length;
  return (
    <nav aria-label={t('nav.label')}>
      <ul>
        {ROUTES.map((r) => (
          <li key={r.path}>
            <Link href={r.path} current={r === current}>
              {t(r.nav)}
              {r.screen === 'alarms' && n > 0 ? <span class="badge">{t('nav.unacked', { n })}</span> : null}
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
  const token = session.value?.token;
  const lvl = level.value;
  useEffect(() => {
    connect();
    return disconnect;
  }, [token, lvl]);
  useEffect(reloadDraft, [token]);
  useEffect(() => {
    const r = routeOf(p);
    const target = r.screen === 'faceplate' ? p.split('/')[2] : mesViewTarget(r.screen, p);
    // a faceplate is journaled when one is opened (the list of equipment alone is not a view of one)
    if (r.screen !== 'faceplate' || target)
      view(r.screen, target ? { target: decodeURIComponent(target) } : {});
    document.title = `${t(r.nav)} — plastlab`;
    // after a navigation, focus goes to the new screen's title; on page load it stays at the top
    const h = document.getElementById('page-title');
    if (h && !firstScreen && !(document.activeElement instanceof HTMLInputElement)) h.focus();
    firstScreen = false;
  }, [p]);
  void lang.value;
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <AlarmBanner />
      <div class="layout">
        <Nav p={p} />
        <main id="main" tabIndex={-1}>
          <Screen p={p} />
        </main>
      </div>
      <Announcer />
    </>
  );
}

export function App() {
  void lang.value;
  return session.value ? <Shell /> : <LoginView />;
}
