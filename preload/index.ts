import { contextBridge } from 'electron';
import { api } from './api.js';

// The page gets `window.app` and nothing else: no ipcRenderer, no Node. This file is bundled into
// one CommonJS script (vite.preload.config.ts), as sandboxed preloads cannot load other files.
contextBridge.exposeInMainWorld('app', api);
