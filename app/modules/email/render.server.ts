import { render } from "@react-email/render";
import { emailTemplates, type EmailTemplateName } from "../../../emails";
import { isLanguage } from "../i18n/config";
import { translator } from "../i18n/translator";

export type RenderedEmail = { subject: string; html: string; text: string; headers?: Record<string, string> };

/**
 * An email a donor can stop (never a receipt) names its unsubscribe link in its props; it also
 * goes out as RFC 8058 one-click headers, so the mail client's own button works.
 */
function unsubscribeHeaders(props: unknown): Record<string, string> | undefined {
  const url = (props as { unsubscribeUrl?: unknown }).unsubscribeUrl;
  if (typeof url !== "string" || !url.startsWith("http")) return undefined;
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** The subject alone (the outbox lists it without rendering every body). */
export function renderSubject(row: { template: string; locale: string; props: unknown }): string {
  const template = emailTemplates[row.template as EmailTemplateName];
  if (!template) throw new Error(`Unknown email template: ${row.template}`);
  const lang = isLanguage(row.locale) ? row.locale : "en";
  return template.subject(translator(lang), { ...(row.props as object), lang } as never);
}

export async function renderEmail(row: { template: string; locale: string; props: unknown }): Promise<RenderedEmail> {
  const template = emailTemplates[row.template as EmailTemplateName];
  if (!template) throw new Error(`Unknown email template: ${row.template}`);
  const lang = isLanguage(row.locale) ? row.locale : "en";
  const props = { ...(row.props as object), lang } as never;
  const element = template.Component(props);
  return {
    subject: template.subject(translator(lang), props),
    html: await render(element),
    text: await render(element, { plainText: true }),
    headers: unsubscribeHeaders(row.props),
  };
}
