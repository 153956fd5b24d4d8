/** Entry point of the trainer console (`/trainer/`, docs/trainer.md): a separate page of the HMI build. */
import { render } from 'preact';
import { App } from './app.tsx';

render(<App />, document.getElementById('app')!);
