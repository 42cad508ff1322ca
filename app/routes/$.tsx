import { data } from "@remix-run/node";

/**
 * Any address no other route matches: a 404 thrown here (rather than by the router) lets the root
 * loader run, so the error page keeps the site's header, navigation and the visitor's language.
 */
export function loader() {
  throw data(null, { status: 404 });
}

export function action() {
  throw data(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
