import type { FieldMetadata } from "@conform-to/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ImageField, TextField } from "./form";

type Meta = FieldMetadata<unknown, Record<string, unknown>, string[]>;

/** The labels of these fields, for the form's error summary. */
export function hostProfileLabels(t: TFunction): Record<string, string> {
  return {
    businessName: t("host.fields.businessName"),
    contactName: t("host.fields.contactName"),
    phone: t("host.fields.phone"),
    website: t("host.fields.website"),
    logo: t("host.fields.logo"),
  };
}

/** The business's details: shared by sign-up and the profile page. */
export function HostProfileFields(props: { fields: Record<string, Meta>; logoErrors?: string[]; logoImageId?: string | null }) {
  const { t } = useTranslation();
  const { fields } = props;
  return (
    <>
      <TextField meta={fields.businessName!} label={t("host.fields.businessName")} autoComplete="organization" />
      <TextField meta={fields.contactName!} label={t("host.fields.contactName")} autoComplete="name" maxLength={100} />
      <TextField meta={fields.phone!} label={t("host.fields.phone")} autoComplete="tel" hint={t("host.fields.optional")} />
      <TextField meta={fields.website!} label={t("host.fields.website")} type="url" autoComplete="url" hint={t("host.fields.websiteHint")} />
      <ImageField id="host-logo" name="logo" label={t("host.fields.logo")} errors={props.logoErrors}>
        {props.logoImageId ? <img src={`/images/${props.logoImageId}`} alt={t("host.fields.currentLogo")} height={64} /> : null}
      </ImageField>
    </>
  );
}
