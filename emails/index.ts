import type { TFunction } from "i18next";
import type { ReactElement } from "react";
import { SignInLinkEmail, signInLinkSubject, type SignInLinkProps } from "./sign-in-link";
import { StaffInviteEmail, staffInviteSubject, type StaffInviteProps } from "./staff-invite";
import { DonorManageLinkEmail, donorManageLinkSubject, type DonorManageLinkProps } from "./donor-manage-link";
import { CaseUpdateEmail, caseUpdateSubject, type CaseUpdateProps } from "./case-update";
import { EmailChangeEmail, emailChangeSubject, type EmailChangeProps } from "./email-change";
import { DonationReceiptEmail, donationReceiptSubject, type DonationReceiptProps } from "./donation-receipt";
import { RefundNoticeEmail, refundNoticeSubject, type RefundNoticeProps } from "./refund-notice";
import { MonthlyPaymentFailedEmail, monthlyPaymentFailedSubject, type MonthlyPaymentFailedProps } from "./monthly-payment-failed";
import { YearEndStatementEmail, yearEndStatementSubject, type YearEndStatementProps } from "./year-end-statement";
import { FundraiserUpdateEmail, fundraiserUpdateSubject, type FundraiserUpdateProps } from "./fundraiser-update";
import { FundraiserProgressEmail, fundraiserProgressSubject, type FundraiserProgressProps } from "./fundraiser-progress";
import { DonorPageLinkEmail, donorPageLinkSubject, type DonorPageLinkProps } from "./donor-page-link";
import { ImpactReportEmail, impactReportSubject, type ImpactReportProps } from "./impact-report";
import { CampaignNewsEmail, campaignNewsSubject, type CampaignNewsProps } from "./campaign-news";
import { TributeNoticeEmail, tributeNoticeSubject, type TributeNoticeProps } from "./tribute-notice";
import { FundraiserEndedEmail, fundraiserEndedSubject, type FundraiserEndedProps } from "./fundraiser-ended";

type Template<P> = { Component: (props: P) => ReactElement; subject: (t: TFunction, props: P) => string };

/** Every email Fondo sends, by the name stored in the outbox. */
export const emailTemplates = {
  "sign-in-link": { Component: SignInLinkEmail, subject: signInLinkSubject } as Template<SignInLinkProps>,
  "staff-invite": { Component: StaffInviteEmail, subject: staffInviteSubject } as Template<StaffInviteProps>,
  "donation-receipt": { Component: DonationReceiptEmail, subject: donationReceiptSubject } as Template<DonationReceiptProps>,
  "donor-manage-link": { Component: DonorManageLinkEmail, subject: donorManageLinkSubject } as Template<DonorManageLinkProps>,
  "refund-notice": { Component: RefundNoticeEmail, subject: refundNoticeSubject } as Template<RefundNoticeProps>,
  "monthly-payment-failed": { Component: MonthlyPaymentFailedEmail, subject: monthlyPaymentFailedSubject } as Template<MonthlyPaymentFailedProps>,
  "year-end-statement": { Component: YearEndStatementEmail, subject: yearEndStatementSubject } as Template<YearEndStatementProps>,
  "fundraiser-update": { Component: FundraiserUpdateEmail, subject: fundraiserUpdateSubject } as Template<FundraiserUpdateProps>,
  "fundraiser-progress": { Component: FundraiserProgressEmail, subject: fundraiserProgressSubject } as Template<FundraiserProgressProps>,
  "fundraiser-ended": { Component: FundraiserEndedEmail, subject: fundraiserEndedSubject } as Template<FundraiserEndedProps>,
  "case-update": { Component: CaseUpdateEmail, subject: caseUpdateSubject } as Template<CaseUpdateProps>,
  "email-change": { Component: EmailChangeEmail, subject: emailChangeSubject } as Template<EmailChangeProps>,
  "donor-page-link": { Component: DonorPageLinkEmail, subject: donorPageLinkSubject } as Template<DonorPageLinkProps>,
  "impact-report": { Component: ImpactReportEmail, subject: impactReportSubject } as Template<ImpactReportProps>,
  "campaign-news": { Component: CampaignNewsEmail, subject: campaignNewsSubject } as Template<CampaignNewsProps>,
  "tribute-notice": { Component: TributeNoticeEmail, subject: tributeNoticeSubject } as Template<TributeNoticeProps>,
};

export type EmailTemplateName = keyof typeof emailTemplates;
type PropsOf<N extends EmailTemplateName> = (typeof emailTemplates)[N] extends Template<infer P> ? P : never;
/** What the outbox stores: the template's props without the language (kept in its own column). */
export type EmailProps<N extends EmailTemplateName> = Omit<PropsOf<N>, "lang">;
