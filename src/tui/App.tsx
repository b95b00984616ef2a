import {type AppPorts, useVolscope} from '../app/use-volscope.js';
import {Screen} from '../ui/Screen.js';
import type {Theme} from '../ui/theme.js';

export interface AppProps extends AppPorts {
  readonly theme: Theme;
}

/**
 * The composition root of the interactive session: the state container (app/use-volscope.ts)
 * feeding the view root (ui/Screen.tsx). The only place the two meet.
 */
export function App({theme, ...ports}: AppProps) {
  return <Screen {...useVolscope(ports)} theme={theme} />;
}
