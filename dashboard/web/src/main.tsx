import { render } from 'preact';
import { App } from './components/app.tsx';
import { caseStore } from './live/case-store.ts';
import { socket } from './live/socket.ts';
import { loadSession } from './session.ts';
import './styles.css';

const root = document.getElementById('app')!;
loadSession()
  .then((user) => {
    // The static "Memuat…" placeholder goes; Preact renders into an empty root.
    root.replaceChildren();
    caseStore.setUser(user.id);
    render(<App user={user} />, root);
    socket.connect();
  })
  .catch(() => location.assign('/login'));
