import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getEnv } from "~/modules/config/env.server";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getDemoGateway } from "~/modules/payments/demo-gateway.server";
import { getStripe } from "~/modules/payments/stripe.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { readForm } from "~/modules/forms/read-form.server";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "donate.demo.title") }];

async function demoSession(id: string | undefined) {
  if (getEnv().isProduction || !getDemoGateway()) throw new Response("Not found", { status: 404 });
  const parsed = z.string().regex(/^cs_[A-Za-z0-9_]+$/).safeParse(id);
  if (!parsed.success) throw new Response("Not found", { status: 404 });
  try {
    return await getStripe().checkout.sessions.retrieve(parsed.data, { expand: ["line_items"] });
  } catch {
    throw new Response("Not found", { status: 404 });
  }
}

/** Demo mode only: a clearly labelled stand-in for Stripe Checkout. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await demoSession(params.id);
  return data(
    {
      language: await getLanguage(request),
      id: session.id,
      total: session.amount_total ?? 0,
      monthly: session.mode === "subscription",
      lines: (session.line_items?.data ?? []).map((l) => ({ description: l.description ?? "", amount: l.amount_total })),
      cancelUrl: session.cancel_url ?? "/",
      open: session.status === "open",
      card: session.payment_method_types.includes("card"),
      bank: session.payment_method_types.includes("us_bank_account"),
    },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await demoSession(params.id);
  const method = z.enum(["card", "us_bank_account"]).catch("card").parse((await readForm(request)).get("method"));
  if (!session.payment_method_types.includes(method)) throw new Response("Bad request", { status: 400 });
  if (session.status === "open") await getDemoGateway()!.complete(session.id, method);
  return redirect((session.success_url ?? "/donate/thanks").replace("{CHECKOUT_SESSION_ID}", session.id), 303);
}

export default function DemoCheckout() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="demo-checkout">
      <h1>{t("donate.demo.title")}</h1>
      <p className="flash" role="note">
        {t("donate.demo.notice")}
      </p>
      <table>
        <tbody>
          {data.lines.map((l, i) => (
            <tr key={i}>
              <th scope="row">{l.description}</th>
              <td className="num">{formatMoney(l.amount, data.language)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">
              {t("donate.demo.total")}
              {data.monthly ? ` (${t("donate.monthly")})` : ""}
            </th>
            <td className="num">{formatMoney(data.total, data.language)}</td>
          </tr>
        </tbody>
      </table>
      <div className="actions">
        {data.open && data.card ? (
          <Form method="post">
            <input type="hidden" name="method" value="card" />
            <button type="submit" className="button">
              {t("donate.demo.pay")}
            </button>
          </Form>
        ) : null}
        {data.open && data.bank ? (
          <Form method="post">
            <input type="hidden" name="method" value="us_bank_account" />
            <button type="submit" className="button">
              {t("bankGifts.demoBank")}
            </button>
          </Form>
        ) : null}
        <a href={data.cancelUrl}>{t("donate.demo.cancel")}</a>
      </div>
    </section>
  );
}
