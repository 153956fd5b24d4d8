/** Entry point of the candidate HMI (issue 6). */
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
