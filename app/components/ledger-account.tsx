import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Account = { accountType: string; feeRequestId: string | null; caseReference: string | null; fundraiserId: string | null; fundraiserTitle: string | null };

/**
 * A ledger account as staff know it: its kind in words, and for a fee request's account the case
 * reference shown on the case page (a link to it), for a match receivable the fundraiser's title.
 */
export function LedgerAccountName({ account }: { account: Account }) {
  const { t } = useTranslation();
  const kind = t(`ledger.accounts.${account.accountType}`);
  if (account.feeRequestId && account.caseReference)
    return (
      <>
        {kind} <Link to={`/staff/cases/${account.feeRequestId}`}>{account.caseReference}</Link>
      </>
    );
  if (account.fundraiserId && account.fundraiserTitle)
    return (
      <>
        {kind}: <Link to={`/staff/fundraisers/${account.fundraiserId}`}>{account.fundraiserTitle}</Link>
      </>
    );
  return <>{kind}</>;
}
