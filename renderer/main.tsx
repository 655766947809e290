import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { appBaseUrl } from './runner/fetch-config.js';
import { Runner } from './runner/Runner.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <Runner baseUrl={appBaseUrl(window.location)} />
  </StrictMode>,
);
