import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, useStableForm } from "~/components/form";
import { HostProfileFields, hostProfileLabels } from "~/components/host-profile-fields";
import { requireHost } from "~/modules/auth/guards.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { parseFormWithLogo } from "~/modules/fundraisers/forms.server";
import { findHostProfile, saveHostProfile } from "~/modules/fundraisers/hosts.server";
import { hostProfileSchema } from "~/modules/fundraisers/schema";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { pageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.language, "host.pageTitles.profile") }];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireHost(request);
  const profile = await findHostProfile(getDb(), session.user.id);
  return data({ profile: profile ?? null, language: await getLanguage(request) });
}

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireHost(request);
  const parsed = await parseFormWithLogo(request, hostProfileSchema);
  if (!parsed.ok) return data(parsed.reply, { status: 400 });
  const inReview = await saveHostProfile(getDb(), { userId: session.user.id, profile: parsed.value, logo: parsed.logo, dropLogo: parsed.formData.get("removeLogo") === "on" });
  return redirectWithFlash("/host", { kind: "success", key: inReview ? "host.profile.savedForReview" : "host.profile.saved" });
}

export default function HostProfile() {
  const { profile } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useStableForm({
    id: "host-profile",
    lastResult,
    defaultValue: {
      businessName: profile?.businessName ?? "",
      contactName: profile?.contactName ?? "",
      phone: profile?.phone ?? "",
      website: profile?.website ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: hostProfileSchema }),
  });
  return (
    <>
      <h1>{t("host.profile.title")}</h1>
      {!profile ? <p>{t("host.profile.first")}</p> : null}
      <Form method="post" encType="multipart/form-data" className="stack" {...getFormProps(form)}>
        <ErrorSummary errors={form.allErrors} fields={{ ...fields, logo: { id: "host-logo" } }} labels={hostProfileLabels(t)} />
        <HostProfileFields fields={fields as never} logoErrors={(form.allErrors as Record<string, string[]>).logo} logoImageId={profile?.logoImageId} />
        {profile?.logoImageId ? (
          <label className="choice field">
            <input type="checkbox" name="removeLogo" /> {t("host.profile.removeLogo")}
          </label>
        ) : null}
        <button type="submit" className="button">
          {t("common.save")}
        </button>
      </Form>
    </>
  );
}
