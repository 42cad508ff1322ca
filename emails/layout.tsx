import { Body, Container, Head, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** Plain, system-font layout: no remote images, fonts or trackers. */
export function EmailLayout(props: { lang: string; preview: string; footer: string; children: ReactNode }) {
  return (
    <Html lang={props.lang}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: "#f6f5f2", fontFamily: "system-ui, -apple-system, Segoe UI, sans-serif" }}>
        <Container style={{ backgroundColor: "#ffffff", padding: "24px", maxWidth: "560px" }}>
          <Section>{props.children}</Section>
          <Hr />
          <Text style={{ color: "#555", fontSize: "12px" }}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const buttonStyle = {
  backgroundColor: "#1f4d3a",
  color: "#ffffff",
  padding: "12px 18px",
  borderRadius: "6px",
  textDecoration: "none",
  display: "inline-block",
};
