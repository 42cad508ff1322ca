import { Form } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

type Card = { id: string; stripeCardId: string; status: "open" | "canceled"; forms: string[] };

/** The subset of Stripe.js that Issuing Elements needs (loaded from js.stripe.com on demand). */
type StripeJs = {
  createEphemeralKeyNonce(p: { issuingCard: string }): Promise<{ nonce?: string }>;
  retrieveIssuingCard(id: string, p: { ephemeralKeySecret: string; nonce: string }): Promise<{ issuingCard?: { id: string } }>;
  elements(): { create(type: "issuingCardNumberDisplay", p: { issuingCard: string; nonce: string; ephemeralKeySecret: string }): { mount(el: HTMLElement): void } };
};
declare global {
  interface Window {
    Stripe?: (key: string) => StripeJs;
  }
}

function loadStripeJs(): Promise<void> {
  if (window.Stripe) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "https://js.stripe.com/v3/";
    script.onload = () => resolve();
    script.onerror = () => reject(new Error("Stripe.js did not load"));
    document.head.appendChild(script);
  });
}

/** One audited reveal: the page's nonce in, an ephemeral key for this card out (same-origin POST). */
async function askForKey(feeRequestId: string, nonce: string): Promise<string> {
  const response = await fetch(`/staff/cases/${feeRequestId}/card`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "card-reveal", nonce }),
  });
  const body = (await response.json()) as { ephemeralKeySecret?: string };
  if (!response.ok || !body.ephemeralKeySecret) throw new Error("no key");
  return body.ephemeralKeySecret;
}

function randomNonce(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The case's card (ADR 0024): create it, and show its number only inside Stripe's Issuing
 * Elements frame (or, in demo mode, the fake's labelled stand-in). Fondo's own code never holds
 * the number.
 */
export function CaseCard(props: { feeRequestId: string; canCreate: boolean; cards: Card[]; demo: boolean; publishableKey: string | null }) {
  const { t, i18n } = useTranslation();
  const [demoKey, setDemoKey] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [failed, setFailed] = useState(false);
  const open = props.cards.find((c) => c.status === "open");

  async function reveal() {
    setFailed(false);
    try {
      if (props.demo) {
        setDemoKey(await askForKey(props.feeRequestId, randomNonce()));
        return;
      }
      if (!open || !props.publishableKey) throw new Error("no publishable key");
      await loadStripeJs();
      const stripe = window.Stripe!(props.publishableKey);
      const { nonce } = await stripe.createEphemeralKeyNonce({ issuingCard: open.stripeCardId });
      if (!nonce) throw new Error("no nonce");
      const ephemeralKeySecret = await askForKey(props.feeRequestId, nonce);
      const card = await stripe.retrieveIssuingCard(open.stripeCardId, { ephemeralKeySecret, nonce });
      setShown(true);
      const target = document.getElementById("case-card-number");
      if (target && card.issuingCard) stripe.elements().create("issuingCardNumberDisplay", { issuingCard: card.issuingCard.id, nonce, ephemeralKeySecret }).mount(target);
    } catch {
      setFailed(true);
    }
  }

  return (
    <section aria-labelledby="case-card-heading">
      <h3 id="case-card-heading">{t("issuing.caseTitle")}</h3>
      <p>{t("issuing.caseIntro")}</p>
      <ul>
        {props.cards.map((c) => (
          <li key={c.id}>{t(c.status === "open" ? "issuing.open" : "issuing.canceled", { forms: c.forms.join(", ") })}</li>
        ))}
      </ul>
      {props.canCreate ? (
        <Form method="post" action={`/staff/cases/${props.feeRequestId}/card`}>
          <input type="hidden" name="intent" value="card-create" />
          <button type="submit" className="button">
            {t("issuing.create")}
          </button>
        </Form>
      ) : null}
      {open ? (
        <>
          <p>{t("issuing.revealNote")}</p>
          <button type="button" className="button secondary" onClick={() => void reveal()}>
            {t("issuing.reveal")}
          </button>
          {failed ? (
            <p className="flash flash-error" role="alert">
              {t("issuing.errors.stripe")}
            </p>
          ) : null}
          {demoKey ? <iframe className="card-frame" title={t("issuing.demoFrame")} src={`/demo-issuing-elements?key=${encodeURIComponent(demoKey)}&lang=${i18n.language === "es" ? "es" : "en"}`} /> : null}
          <div id="case-card-number" aria-label={t("issuing.revealFrame")} role="group" hidden={!shown} />
        </>
      ) : null}
    </section>
  );
}
