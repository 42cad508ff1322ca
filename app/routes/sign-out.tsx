import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/modules/auth/guards.server";

export async function loader() {
  return redirect("/");
}

/** Ends the session server-side, not just the cookie. */
export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", { status: 303, headers: { "Set-Cookie": await endSession(request) } });
}
