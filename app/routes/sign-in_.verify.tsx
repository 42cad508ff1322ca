import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { signInWithLink } from "~/modules/auth/sign-in.server";
import { readForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "signIn.title") }, { name: "referrer", content: "same-origin" }];

/** The link only shows a button: mail scanners that fetch links cannot spend it. */
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  return { token };
}

export async function action({ request }: ActionFunctionArgs) {
  const token = z.string().min(10).max(100).safeParse((await readForm(request)).get("token"));
  const result = token.success ? await signInWithLink(token.data) : null;
  if (!result) return data({ error: "signIn.linkInvalid" }, { status: 400 });
  const next = result.needsSecondFactor
    ? result.hasTotp
      ? "/sign-in/two-factor"
      : "/staff/two-factor"
    : result.role === "host"
      ? "/host"
      : "/staff";
  return redirect(next, { status: 303, headers: { "Set-Cookie": result.setCookie } });
}

export default function VerifyLink() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t("signIn.verifyTitle")}</h1>
      {actionData?.error || !token ? (
        <div role="alert" className="flash flash-error">
          <p>{t("signIn.linkInvalid")}</p>
          <p>
            <a href="/sign-in">{t("signIn.requestNew")}</a>
          </p>
        </div>
      ) : (
        <Form method="post">
          <p>{t("signIn.verifyIntro")}</p>
          <input type="hidden" name="token" value={token} />
          <button type="submit" className="button">
            {t("signIn.continue")}
          </button>
        </Form>
      )}
    </>
  );
}
