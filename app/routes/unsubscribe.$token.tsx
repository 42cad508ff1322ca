import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getDb } from "~/modules/db/index.server";
import { unsubscribe, verifyUnsubscribeToken } from "~/modules/donors/unsubscribe.server";
import { getT } from "~/modules/i18n/i18n.server";

/** A GET only shows the button (mail scanners fetch links); the POST stops the list. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await getT(request);
  const target = verifyUnsubscribeToken(params.token ?? "");
  return data({ target, title: t("unsubscribe.title") }, { status: target ? 200 : 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Fondo" }, { name: "referrer", content: "same-origin" }];

/**
 * RFC 8058 one-click: the mail provider POSTs `List-Unsubscribe=One-Click` here, with no session
 * and no cookies; the signed token is the authority. The same POST serves the page's button.
 */
export async function action({ params }: ActionFunctionArgs) {
  const target = verifyUnsubscribeToken(params.token ?? "");
  if (!target) return data({ done: false }, { status: 400 });
  await unsubscribe(getDb(), target);
  return data({ done: true });
}

export default function Unsubscribe() {
  const { target } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!target) {
    return (
      <>
        <h1>{t("unsubscribe.title")}</h1>
        <p role="alert" className="flash flash-error">
          {t("unsubscribe.invalid")}
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("unsubscribe.title")}</h1>
      {actionData?.done ? (
        <p role="status" className="flash flash-success">
          {t("unsubscribe.done", { email: target.email, list: t(`unsubscribe.${target.list}`) })} <Link to="/donor">{t("donorPage.title")}</Link>
        </p>
      ) : (
        <Form method="post">
          <p>{t("unsubscribe.intro", { email: target.email })}</p>
          <button type="submit" className="button">
            {t("unsubscribe.button")}
          </button>
        </Form>
      )}
    </>
  );
}
