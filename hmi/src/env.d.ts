/** Style sheets imported by modules are bundled by Vite. */
declare module '*.css';
