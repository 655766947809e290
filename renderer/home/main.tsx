// First: zod must not probe eval under the page's CSP (see the module).
import '../../preload/shared/editor/zod-jitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyTheme } from '../runner/ThemeToggle.js';
import { HomeApp } from './HomeApp.js';
import '../styles.css';
import './home.css';

applyTheme();
const root = document.getElementById('root');
if (!root) throw new Error('home.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <HomeApp />
  </StrictMode>,
);
