import type { ServerResponse } from 'node:http';
import { sendBuiltPage } from '../editor/editor-page.js';
import { CONTENT_SECURITY_POLICY } from '../static-files.js';

/** The dashboard's page in the built renderer: only GET /dashboard serves it, to the owner (start-server.ts hides the file). */
export const DASHBOARD_HTML = 'dashboard.html';

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>demo-desktop dashboard</title></head>
<body><h1>The dashboard page is not built</h1>
<p>Its API (<code>GET /api/metrics/history</code>) is running. Build the renderer (<code>npm run build</code>) and start the demo again.</p>
</body></html>
`;

export function sendDashboardPage(res: ServerResponse, rendererDir: string | undefined): Promise<void> {
  return sendBuiltPage(res, rendererDir, DASHBOARD_HTML, `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`, NOT_BUILT);
}
