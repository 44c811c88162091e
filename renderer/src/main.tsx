// Runs in the renderer. Placeholder entry; the UI shell replaces it.
import { createRoot } from 'react-dom/client';
import { client } from './ipc/client';

function App() {
  return <div>BidSeal</div>;
}
void client;
createRoot(document.getElementById('root')!).render(<App />);
