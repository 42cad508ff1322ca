import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

const FILLER =
  "Neighbors give what they can, and each renewal fee is paid in full before the next one starts; the totals on this page are kept as they happen.";

/**
 * Static text padded to a size: `?n=` paragraphs of filler and one paragraph of `?r=` letters. The
 * benchmark picks both so this page's HTML is as large as the Fondo page it is compared with.
 */
export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const bounded = (name: string, max: number) => Math.min(Math.max(Math.trunc(Number(params.get(name)) || 0), 0), max);
  return { paragraphs: bounded("n", 10_000), rest: bounded("r", 100_000) };
}

export const meta: MetaFunction = () => [{ title: "Bare Remix page" }, { name: "description", content: "The baseline of Fondo's pages benchmark." }];

export default function BarePage() {
  const { paragraphs, rest } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>Bare Remix page</h1>
      {Array.from({ length: paragraphs }, (_, i) => (
        <p key={i}>{FILLER}</p>
      ))}
      <p>{"x".repeat(rest)}</p>
    </main>
  );
}
