/**
 * The slot of the 3D digital twin (issue 7). The twin will live in `hmi/twin/` and mount here; until then
 * the screen says so and points to the 2D synoptic.
 */
import { t } from '../src/i18n.ts';
import { Link } from '../src/router.tsx';

export function TwinView() {
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        {t('twin.title')}
      </h1>
      <div id="twin-root" class="twin-slot">
        <p>{t('twin.soon')}</p>
        <p>
          <Link href="/">{t('twin.overview')}</Link>
        </p>
      </div>
    </>
  );
}
