/** A small History-API router: the server answers every client route with the app (SPA fallback). */
import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';

export const path = signal(location.pathname);
export const query = signal(new URLSearchParams(location.search));

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  const u = new URL(to, location.origin);
  path.value = u.pathname;
  query.value = u.searchParams;
}

addEventListener('popstate', () => {
  path.value = location.pathname;
  query.value = new URLSearchParams(location.search);
});

export function Link(props: {
  href: string;
  children: ComponentChildren;
  class?: string;
  current?: boolean;
}) {
  const { href, children, current } = props;
  return (
    <a
      class={props.class}
      href={href}
      aria-current={current ? 'page' : undefined}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {children}
    </a>
  );
}
