/**
 * The digital twin of the cell (issue 7), loaded on demand by the HMI's twin screen: a procedural Three.js
 * scene of the reference cell, live from the station's stream or replayed from the historian.
 * Entry points: `TwinScreen` (the screen), `TwinEngine` (the scene, for another host such as a debrief
 * console), `bind`/`read` (signal bindings), `loadReplay`/`ReplayPlayer` (replay).
 */
export { bind, read } from './bindings.ts';
export { TwinEngine } from './engine.ts';
export { driveLive } from './live-driver.ts';
export { loadReplay, ReplayPlayer } from './replay.ts';
export { TwinScreen } from './screen.tsx';
