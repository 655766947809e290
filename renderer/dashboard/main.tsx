import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { applyTheme } from '../runner/ThemeToggle.js';
import { DashboardApp } from './DashboardApp.js';
import 'uplot/dist/uPlot.min.css';
import '../styles.css';
import './dashboard.css';

applyTheme();
const root = document.getElementById('root');
if (!root) throw new Error('dashboard.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <DashboardApp />
  </StrictMode>,
);
