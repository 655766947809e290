import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { appBaseUrl } from './runner/fetch-config.js';
import { applyTheme } from './runner/ThemeToggle.js';
import './styles.css';

applyTheme();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App baseUrl={appBaseUrl(window.location)} />
  </StrictMode>,
);
