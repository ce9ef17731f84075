// Renderer entry: connects to the engine (HTTP or the Electron bridge), starts the live store, mounts the App.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createEngineClient } from './api/engine-client';
import { App } from './app/App';
import './app/styles.css';
import { defaultFrameScheduler } from './state/frame-coalescer';
import { createLiveStore } from './state/live-store';
import { ShellProvider } from './state/store-context';

const client = createEngineClient();
const store = createLiveStore(client, (cb) => defaultFrameScheduler()(cb));
store.start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ShellProvider client={client} store={store}>
      <App />
    </ShellProvider>
  </StrictMode>,
);
