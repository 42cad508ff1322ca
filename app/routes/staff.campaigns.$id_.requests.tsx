import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireStaff } from "~/modules/auth/guards.server";
import { campaignOr404 } from "~/modules/campaigns/load.server";
import { getCampaignTotals } from "~/modules/campaigns/campaigns.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { formatDate } from "~/modules/dates/format";
import { formatMoney } from "~/modules/i18n/format";
import { getLanguage } from "~/modules/i18n/i18n.server";
import { performRequestAction } from "~/modules/funding/staff-actions.server";
import { LedgerError } from "~/modules/ledger/errors";
import { campaignRequests } from "~/modules/ledger/requests.server";
import { RequestStatus } from "~/components/request-status";
import { requestActionSchema } from "~/modules/funding/schema";
import { readForm } from "~/modules/forms/read-form.server";
import { rootPageTitle } from "~/modules/i18n/page-title";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.campaigns.requests") }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const campaign = await campaignOr404(db, params.id);
  const language = await getLanguage(request);
  return {
    language,
    campaign: { id: campaign.id, title: language === "es" ? campaign.titleEs : campaign.titleEn },
    totals: await getCampaignTotals(db, campaign.id),
    requests: await campaignRequests(db, campaign.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireStaff(request);
  const campaign = await campaignOr404(getDb(), params.id);
  const parsed = requestActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const flash = await performRequestAction(getDb(), { campaignId: campaign.id, actorUserId: session.user.id, action: parsed.data }).catch((error) => {
    if (error instanceof LedgerError && error.code === "not_found") throw new Response("Not found", { status: 404 });
    throw error;
  });
  return redirectWithFlash(`/staff/campaigns/${campaign.id}/requests`, flash);
}

export default function CampaignRequests() {
  const { campaign, totals, requests, language } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const money = (c: number | null) => (c === null ? "—" : formatMoney(c, language));
  return (
    <>
      <p>
        <Link to={`/staff/campaigns/${campaign.id}`}>← {campaign.title}</Link>
      </p>
      <h1>{t("requests.title", { campaign: campaign.title })}</h1>
      <p>
        {t("campaign.figures.available")}: <strong>{money(totals.poolAvailableCents)}</strong> · {t("transparency.reserve")}:{" "}
        <strong>{money(totals.reserveCents)}</strong> · {t("campaign.figures.waiting")}: <strong>{totals.requestsWaiting}</strong>
      </p>
      {totals.reserveCents > 0 ? <p className="flash flash-error">{t("requests.reserveBlocks")}</p> : null}
      <Form method="post">
        <input type="hidden" name="intent" value="allocate-queue" />
        <button type="submit" className="button">
          {t("requests.allocateQueue")}
        </button>
      </Form>
      <p className="hint">{t("requests.queueHint")}</p>
      <TableScroll label={t("requests.title", { campaign: campaign.title })}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("requests.reference")}</th>
              <th scope="col">{t("fields.status")}</th>
              <th scope="col">{t("requests.expires")}</th>
              <th scope="col">{t("fields.filingMethod")}</th>
              <th scope="col" className="num">
                {t("fields.fee")}
              </th>
              <th scope="col">{t("requests.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/staff/cases/${r.id}`}>{r.reference}</Link>
                </td>
                <td>
                  <RequestStatus status={r.status} shortCents={r.shortCents} language={language} />
                </td>
                <td>{formatDate(r.dacaExpiresOn, language)}</td>
                <td>{t(`filingMethod.${r.filingMethod}`)}</td>
                <td className="num">{money(r.feeCents)}</td>
                <td>
                  <div className="actions">
                    {r.status === "approved" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="allocate" />
                        <input type="hidden" name="requestId" value={r.id} />
                        <button type="submit" className="button secondary">
                          {t("requests.fundNow")}
                        </button>
                      </Form>
                    ) : null}
                    {r.status === "funded" ? (
                      <>
                        <Link className="button" to={`/staff/requests/${r.id}/pay`}>
                          {t("requests.recordPayment")}
                        </Link>
                        <Form method="post">
                          <input type="hidden" name="intent" value="release" />
                          <input type="hidden" name="requestId" value={r.id} />
                          <button type="submit" className="button secondary">
                            {t("requests.release")}
                          </button>
                        </Form>
                      </>
                    ) : null}
                    {r.disbursements.map((d) => (
                      <div key={d.id}>
                        {t(`disbursementMethod.${d.method}`)} · {formatDate(d.paidOn, language)}
                        {d.reference ? ` · ${d.reference}` : ""}
                        {d.returnedAt ? (
                          ` · ${t("requests.returned")}`
                        ) : (
                          <Form method="post">
                            <input type="hidden" name="intent" value="fee-returned" />
                            <input type="hidden" name="disbursementId" value={d.id} />
                            <button type="submit" className="link-button">
                              {t("requests.markReturned")}
                            </button>
                          </Form>
                        )}
                      </div>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
