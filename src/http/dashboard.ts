/** `GET /`: the operator dashboard; the data is gathered by the service, rendered here. */
import type { DashboardData } from './dashboard-html.js';
import { renderDashboard } from './dashboard-html.js';
import type { Route } from './routes.js';

export function createDashboardRoute(collect: () => DashboardData): Route {
  return {
    method: 'GET',
    path: '/',
    handle(_req, res) {
      const body = Buffer.from(renderDashboard(collect()), 'utf8');
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        // Nothing on the page needs scripts; feed text must never run as one.
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
      });
      res.end(body);
    },
  };
}
