import { getFormProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorSummary, SelectField, TextField, useStableForm } from "~/components/form";
import { LedgerAccountName } from "~/components/ledger-account";
import { requireAdmin, requireStaff } from "~/modules/auth/guards.server";
import { listAllCampaigns } from "~/modules/campaigns/campaigns.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDateTime } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { LedgerError } from "~/modules/ledger/errors";
import { transactionKinds } from "~/modules/ledger/kinds";
import { campaignBalances, campaignLedger } from "~/modules/ledger/reports.server";
import { ledgerFilterSchema, transferSchema } from "~/modules/funding/schema";
import { transferFunds } from "~/modules/funding/funding.server";
import { getOrganization } from "~/modules/organization/organization.server";
import { parseForm } from "~/modules/forms/read-form.server";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Ledger · Fondo staff" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const filter = ledgerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const language = await getLanguage(request);
  const timezone = (await getOrganization(db)).timezone;
  const others = session.user.role === "admin" ? (await listAllCampaigns(db)).filter((c) => c.id !== campaign.id) : [];
  return {
    language,
    timezone,
    canTransfer: session.user.role === "admin",
    campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn },
    filter,
    query: new URL(request.url).search,
    balances: await campaignBalances(db, campaign.id),
    transactions: await campaignLedger(db, { campaignId: campaign.id, timeZone: timezone, ...filter }),
    others: others.map((c) => ({ id: c.id, title: language === "es" ? c.titleEs : c.titleEn })),
  };
}

/** Admins move available money between campaign pools; every transfer is audited. */
export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const campaign = await campaignOr404(getDb(), params.id);
  const submission = await parseForm(request, { schema: transferSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    await transferFunds(getDb(), {
      fromCampaignId: campaign.id,
      toCampaignId: submission.value.toCampaignId,
      amountCents: submission.value.amount,
      reason: submission.value.reason,
      actorUserId: session.user.id,
    });
  } catch (error) {
    if (error instanceof LedgerError) return data(submission.reply({ fieldErrors: { amount: [error.messageKey] } }), { status: 400 });
    throw error;
  }
  return redirectWithFlash(`/staff/campaigns/${campaign.id}/ledger`, { kind: "success", key: "ledger.transferred" });
}

export default function CampaignLedger() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const money = (c: number) => formatMoney(c, data.language);
  const [form, fields] = useStableForm({ lastResult, onValidate: ({ formData }) => parseWithZod(formData, { schema: transferSchema }) });
  const csvQuery = data.query;
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${data.campaign.id}`}>← {data.campaign.title}</Link>
      </p>
      <h1>{t("ledger.title", { campaign: data.campaign.title })}</h1>
      <p className="actions">
        <a className="button secondary" href={`/staff/campaigns/${data.campaign.id}/ledger.csv${csvQuery}`} download>
          {t("ledger.exportLedger")}
        </a>
        <a className="button secondary" href={`/staff/campaigns/${data.campaign.id}/donations.csv`} download>
          {t("ledger.exportDonations")}
        </a>
      </p>
      <h2>{t("ledger.balances")}</h2>
      <TableScroll label={t("ledger.balances")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ledger.account")}</th>
              <th scope="col" className="num">
                {t("ledger.balance")}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.balances.map((b) => (
              <tr key={b.key}>
                <td>
                  <LedgerAccountName account={{ ...b, accountType: b.type }} />
                </td>
                <td className="num">{money(b.balanceCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2>{t("ledger.transactions")}</h2>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="kind">{t("ledger.kind")}</label>
          <select id="kind" name="kind" defaultValue={data.filter.kind ?? ""}>
            <option value="">{t("ledger.allKinds")}</option>
            {transactionKinds.map((k) => (
              <option key={k} value={k}>
                {t(`ledger.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="from">{t("ledger.from")}</label>
          <input id="from" name="from" type="date" defaultValue={data.filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">{t("ledger.to")}</label>
          <input id="to" name="to" type="date" defaultValue={data.filter.to ?? ""} />
        </div>
        <button type="submit" className="button secondary">
          {t("ledger.filter")}
        </button>
      </Form>
      {data.transactions.length === 0 ? (
        <p>{t("ledger.none")}</p>
      ) : (
        <TableScroll label={t("ledger.transactions")}>
          <table>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t("ledger.when")}</th>
                <th scope="col">{t("ledger.kind")}</th>
                <th scope="col">{t("ledger.entries")}</th>
              </tr>
            </thead>
            <tbody>
              {data.transactions.map((tx) => (
                <tr key={tx.id}>
                  <td>{tx.id}</td>
                  <td>{formatDateTime(tx.createdAt, data.language, data.timezone)}</td>
                  <td>
                    {t(`ledger.kinds.${tx.kind}`)}
                    {tx.reversesId ? <div className="hint">{t("ledger.reverses", { id: tx.reversesId })}</div> : null}
                    {tx.memo ? <div className="hint">{tx.memo}</div> : null}
                  </td>
                  <td>
                    <ul className="entries">
                      {tx.entries.map((e, i) => (
                        <li key={i}>
                          <LedgerAccountName account={e} /> {e.line ? <span className="hint">({e.line})</span> : null}: {money(e.amountCents)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {data.canTransfer && data.others.length ? (
        <>
          <h2>{t("ledger.transferHeading")}</h2>
          <p>{t("ledger.transferIntro")}</p>
          <Form method="post" className="stack" {...getFormProps(form)}>
            <ErrorSummary errors={form.allErrors} fields={fields} labels={{ toCampaignId: t("ledger.transferTo"), amount: t("fields.amountDollars"), reason: t("ledger.reason") }} />
            <SelectField
              meta={fields.toCampaignId as never}
              label={t("ledger.transferTo")}
              options={[{ value: "", label: "—" }, ...data.others.map((c) => ({ value: c.id, label: c.title }))]}
            />
            <TextField meta={fields.amount as never} label={t("fields.amountDollars")} inputMode="decimal" />
            <TextField meta={fields.reason as never} label={t("ledger.reason")} />
            <button type="submit" className="button">
              {t("ledger.transfer")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
