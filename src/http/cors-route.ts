/**
 * OPTIONS preflight for the JSON feeds: a browser app revalidating with If-None-Match sends a
 * header that is not CORS-safelisted, so it asks first. Only GET/HEAD are ever allowed.
 */
import type { Route } from './routes.js';

export const CORS_PATH = /^\/(?:feeds\/[a-z0-9][a-z0-9_-]*|search)\.json$/;

export function createCorsPreflightRoute(): Route {
  return {
    method: 'OPTIONS',
    path: CORS_PATH,
    handle(_req, res) {
      res.writeHead(204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, HEAD',
        'Access-Control-Allow-Headers': 'If-None-Match, If-Modified-Since, Authorization',
        'Access-Control-Max-Age': '86400',
        'Content-Length': '0',
      });
      res.end();
    },
  };
}
