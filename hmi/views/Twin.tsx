/**
 * The 3D digital twin screen (issue 7). The twin itself (`hmi/twin/`, Three.js) is a separate chunk
 * loaded on demand here, so the other screens never download Three.js.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '../src/i18n.ts';
import { Link } from '../src/router.tsx';

let loaded: ComponentType | null = null;

export function TwinView() {
  const [Screen, setScreen] = useState<ComponentType | null>(() => loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (loaded) return;
    import('../twin/index.ts').then(
      (m) => {
        loaded = m.TwinScreen;
        setScreen(() => m.TwinScreen);
      },
      () => setFailed(true),
    );
  }, []);
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('twin.title')}
      </h1>
      {Screen ? (
        <Screen />
      ) : failed ? (
        <p class="error" role="alert">
          {t('twin.loadFailed')} <Link href="/">{t('twin.overview')}</Link>
        </p>
      ) : (
        <p class="twin-slot">{t('twin.loading')}</p>
      )}
    </>
  );
}
