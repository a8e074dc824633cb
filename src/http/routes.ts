/** The route table: a list of { method, path, handle }; a GET route also answers HEAD. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, match: RegExpExecArray | null) => void | Promise<void>;

export interface Route {
  method: string | readonly string[];
  /** An exact path, or a RegExp (anchor it) tested against the raw path without query. */
  path: string | RegExp;
  handle: RouteHandler;
}

export type RouteLookup =
  | { kind: 'found'; route: Route; match: RegExpExecArray | null }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

export function findRoute(routes: readonly Route[], method: string, path: string): RouteLookup {
  let allow: Set<string> | null = null;
  for (const route of routes) {
    const match = matchPath(route.path, path);
    if (match === false) continue;
    const methods = methodsOf(route);
    if (methods.includes(method)) return { kind: 'found', route, match };
    allow ??= new Set<string>();
    for (const m of methods) allow.add(m);
  }
  return allow === null ? { kind: 'not-found' } : { kind: 'method-not-allowed', allow: [...allow] };
}

function matchPath(pattern: string | RegExp, path: string): RegExpExecArray | null | false {
  if (typeof pattern === 'string') return pattern === path ? null : false;
  pattern.lastIndex = 0;
  return pattern.exec(path) ?? false;
}

/** Computed once per route: the lookup runs on every request. */
const METHODS = new WeakMap<Route, string[]>();

function methodsOf(route: Route): string[] {
  let known = METHODS.get(route);
  if (known === undefined) {
    known = listMethods(route);
    METHODS.set(route, known);
  }
  return known;
}

function listMethods(route: Route): string[] {
  const methods = typeof route.method === 'string' ? [route.method] : [...route.method];
  const upper = methods.map((m) => m.toUpperCase());
  return upper.includes('GET') && !upper.includes('HEAD') ? [...upper, 'HEAD'] : upper;
}
