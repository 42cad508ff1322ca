import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useStableForm } from "~/components/form";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { staffDonationActionSchema } from "~/modules/donations/schema";
import { awaitingFunds, campaignDonations, DonationActionError, recordOfflineGift, requestRefund } from "~/modules/donations/staff.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDateTime } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { fundraisersTakingOfflineGifts } from "~/modules/fundraisers/public.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.campaigns.donations") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const language = await getLanguage(request);
  const rows = await campaignDonations(db, campaign.id);
  return {
    language,
    timezone: (await getOrganization(db)).timezone,
    campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn },
    awaiting: awaitingFunds(rows),
    donations: rows.map((d) => ({
      id: d.id,
      createdAt: d.createdAt,
      status: d.status,
      channel: d.channel,
      frequency: d.frequency,
      donor: d.anonymous ? null : d.donorName,
      email: d.donorEmail,
      charged: d.amountCents + d.feeCoverCents,
      gift: d.amountCents,
      refunded: d.refundedCents,
      refundable: d.channel === "stripe" && d.stripePaymentIntentId !== null && d.refundedCents < d.amountCents + d.feeCoverCents,
      bank: d.paymentMethod === "bank",
      awaitingFunds: d.status === "pending" && d.awaitingFundsSince !== null,
      tribute: d.tributeKind && d.tributeName ? { kind: d.tributeKind, name: d.tributeName } : null,
    })),
    fundraisers: await fundraisersTakingOfflineGifts(db, campaign.id),
    requestKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const submission = await parseForm(request, { schema: staffDonationActionSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const url = `/staff/campaigns/${campaign.id}/donations`;
  try {
    if (v.intent === "refund") {
      await requestRefund(db, { campaignId: campaign.id, donationId: v.donationId, amountCents: v.amount ?? null, actorUserId: session.user.id, requestKey: v.requestKey });
      return redirectWithFlash(url, { kind: "success", key: "donations.refundRequested" });
    }
    const fundraiserId = v.fundraiserId ?? null;
    if (fundraiserId && !(await fundraisersTakingOfflineGifts(db, campaign.id)).some((f) => f.id === fundraiserId))
      return data(submission.reply({ fieldErrors: { fundraiserId: ["errors.choose"] } }), { status: 400 });
    await recordOfflineGift(db, {
      campaign,
      fundraiserId,
      amountCents: v.amount,
      method: v.method,
      donorName: v.donorName ?? null,
      donorEmail: v.donorEmail ?? null,
      locale: v.locale,
      actorUserId: session.user.id,
    });
    return redirectWithFlash(url, { kind: "success", key: "donations.offlineRecorded" });
  } catch (error) {
    if (error instanceof DonationActionError) return redirectWithFlash(url, { kind: "error", key: error.messageKey });
    throw error;
  }
}

export default function CampaignDonations() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, data.language);
  const [form, fields] = useStableForm({
    id: "offline",
    lastResult: lastResult?.initialValue?.intent === "offline" ? lastResult : undefined,
    defaultValue: { intent: "offline", method: "cash", locale: "en" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: staffDonationActionSchema }),
  });
  const f = fields as unknown as Record<string, never>;
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${data.campaign.id}`}>← {data.campaign.title}</Link>
      </p>
      <h1>{t("donations.title", { campaign: data.campaign.title })}</h1>
      {data.awaiting.count > 0 ? (
        <p className="flash" role="status">
          {t("bankGifts.awaiting", { count: data.awaiting.count, amount: money(data.awaiting.cents) })}
        </p>
      ) : null}
      <TableScroll label={t("donations.title", { campaign: data.campaign.title })}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ledger.when")}</th>
              <th scope="col">{t("donations.donor")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col" className="num">
                {t("donations.charged")}
              </th>
              <th scope="col" className="num">
                {t("donations.refunded")}
              </th>
              <th scope="col">{t("requests.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {data.donations.map((d) => (
              <tr key={d.id}>
                <td>{formatDateTime(d.createdAt, data.language, data.timezone)}</td>
                <td>
                  {d.donor ?? t("donations.anonymous")}
                  {d.email ? <div className="hint">{d.email}</div> : null}
                  <div className="hint">
                    {d.bank ? t("bankGifts.channel") : t(`donations.channel.${d.channel}`)} · {t(`donations.frequency.${d.frequency}`)}
                  </div>
                  {d.tribute ? <div className="hint">{t(d.tribute.kind === "memory" ? "tribute.staffMemory" : "tribute.staffHonor", { name: d.tribute.name })}</div> : null}
                </td>
                <td>{d.awaitingFunds ? t("bankGifts.status") : t(`donations.status.${d.status}`)}</td>
                <td className="num">{money(d.charged)}</td>
                <td className="num">{d.refunded ? money(d.refunded) : "—"}</td>
                <td>
                  {d.refundable ? (
                    <Form method="post" className="filters">
                      <input type="hidden" name="intent" value="refund" />
                      <input type="hidden" name="donationId" value={d.id} />
                      <input type="hidden" name="requestKey" value={data.requestKey} />
                      <div className="field">
                        <label htmlFor={`refund-${d.id}`}>{t("donations.refundAmount")}</label>
                        <input id={`refund-${d.id}`} name="amount" inputMode="decimal" placeholder={(d.charged - d.refunded) / 100 + ""} />
                      </div>
                      <button type="submit" className="button secondary">
                        {t("donations.refund")}
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t("donations.offlineHeading")}</h2>
      <p>{t("donations.offlineIntro")}</p>
      <Form method="post" className="stack" {...getFormProps(form)}>
        <ErrorSummary
          errors={form.allErrors}
          fields={fields}
          labels={{
            amount: t("fields.amountDollars"),
            method: t("donations.method"),
            fundraiserId: t("staffFundraisers.offlineFundraiser"),
            donorName: t("donations.donorName"),
            donorEmail: t("donations.receiptEmail"),
            locale: t("donations.receiptLanguage"),
          }}
        />
        <input type="hidden" name="intent" value="offline" />
        <TextField meta={f.amount} label={t("fields.amountDollars")} inputMode="decimal" />
        <SelectField
          meta={f.method}
          label={t("donations.method")}
          options={[
            { value: "cash", label: t("donations.cash") },
            { value: "check", label: t("donations.check") },
          ]}
        />
        {data.fundraisers.length ? (
          <SelectField
            meta={f.fundraiserId}
            label={t("staffFundraisers.offlineFundraiser")}
            options={[{ value: "", label: t("staffFundraisers.offlineNone") }, ...data.fundraisers.map((x) => ({ value: x.id, label: `${x.businessName}: ${x.title}` }))]}
          />
        ) : null}
        <TextField meta={f.donorName} label={t("donations.donorName")} />
        <TextField meta={f.donorEmail} label={t("donations.receiptEmail")} type="email" />
        <SelectField
          meta={f.locale}
          label={t("donations.receiptLanguage")}
          options={[
            { value: "en", label: "English" },
            { value: "es", label: "Español" },
          ]}
        />
        <button type="submit" className="button">
          {t("donations.recordOffline")}
        </button>
      </Form>
    </>
  );
}
