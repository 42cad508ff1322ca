import type { CampaignInput } from "../campaigns/schema";

export const demoOrganization = {
  name: "Fondo Comunitario del Valle",
  ein: "12-3456789",
  addressLine1: "1200 Calle Esperanza, Suite 4",
  city: "Fresno",
  region: "CA",
  postalCode: "93721",
  contactEmail: "hola@fondo-del-valle.example",
  timezone: "America/Los_Angeles",
};

export const demoStaff = {
  admin: { email: "admin@demo.fondo.test", password: "fondo-demo-admin", role: "admin" as const },
  reviewer: { email: "reviewer@demo.fondo.test", password: "fondo-demo-reviewer", role: "reviewer" as const },
  host: { email: "host@demo.fondo.test", role: "host" as const },
  /** Fixed so the demo admin and reviewer can pass two-step verification (printed at start, demo only). */
  adminTotpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
  reviewerTotpSecret: "KRUGKIDROVUWG2ZAMJZG653OEBTG66DK",
};

type DemoCampaign = CampaignInput & { status: "published" | "closed" };

export const demoCampaigns: DemoCampaign[] = [
  {
    slug: "daca-renewals-2026",
    status: "published",
    titleEn: "DACA renewals 2026",
    titleEs: "Renovaciones de DACA 2026",
    summaryEn: "Help 100 neighbors in the valley keep their work permits and protection from deportation.",
    summaryEs: "Ayuda a 100 vecinos del valle a conservar su permiso de trabajo y su protección contra la deportación.",
    storyEn:
      "Every two years, DACA recipients must renew, and USCIS charges $555 to file online or $605 on paper.\n\nFor a family working in the fields or in kitchens, that is most of a month's rent. When a renewal is late, a job can be lost overnight.\n\nYour gift goes into one shared fund. We pay each fee directly to USCIS, in order of urgency, and we never share who was helped.",
    storyEs:
      "Cada dos años, quienes tienen DACA deben renovar, y USCIS cobra $555 por presentar en línea o $605 en papel.\n\nPara una familia que trabaja en el campo o en cocinas, eso es casi la renta de un mes. Cuando una renovación se atrasa, se puede perder el trabajo de un día para otro.\n\nSu donativo entra en un fondo común. Pagamos cada cuota directamente a USCIS, en orden de urgencia, y nunca compartimos a quién ayudamos.",
    goalFees: 100,
    feeSource: "schedule",
    fixedFee: undefined,
    startsOn: "2026-01-15",
    endsOn: undefined,
  },
  {
    slug: "renewal-drive-495",
    status: "published",
    titleEn: "The $495 renewal drive",
    titleEs: "Campaña de renovaciones de $495",
    summaryEn: "Our original drive, started in 2017: every $495 pays for one renewal.",
    summaryEs: "Nuestra campaña original, de 2017: cada $495 paga una renovación.",
    storyEn:
      "We started this drive in 2017, when a renewal cost $495. Our donors know that number, so we kept it: each $495 raised here pays for one renewal, and the organization covers any difference from its general fund.",
    storyEs:
      "Empezamos esta campaña en 2017, cuando una renovación costaba $495. Nuestros donantes conocen esa cifra y la conservamos: cada $495 recaudados aquí pagan una renovación, y la organización cubre cualquier diferencia con su fondo general.",
    goalFees: 40,
    feeSource: "fixed",
    fixedFee: 49500,
    startsOn: undefined,
    endsOn: undefined,
  },
  {
    slug: "winter-2025-renewals",
    status: "closed",
    titleEn: "Winter 2025 renewals",
    titleEs: "Renovaciones del invierno 2025",
    summaryEn: "Closed: this drive funded renewals due in early 2025.",
    summaryEs: "Cerrada: esta campaña financió renovaciones que vencían a inicios de 2025.",
    storyEn: "This campaign raised money for renewals that were due between January and March 2025. Thank you to everyone who gave.",
    storyEs: "Esta campaña recaudó fondos para renovaciones que vencían entre enero y marzo de 2025. Gracias a todas las personas que donaron.",
    goalFees: 20,
    feeSource: "schedule",
    fixedFee: undefined,
    startsOn: "2024-11-01",
    endsOn: "2025-03-31",
  },
];
