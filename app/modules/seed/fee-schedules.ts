import type { FeeScheduleInput } from "../campaigns/schema";

type SeedSchedule = FeeScheduleInput & { effectiveUntil: string | null };

const i765Old = { form: "I-765", labelEn: "Employment authorization (I-765)", labelEs: "Permiso de trabajo (I-765)", amount: 41000 };
const biometrics = { form: "biometrics", labelEn: "Biometric services", labelEs: "Servicios biométricos", amount: 8500 };
const i821d = { form: "I-821D", labelEn: "DACA request (I-821D)", labelEs: "Solicitud de DACA (I-821D)", amount: 8500 };

/**
 * DACA renewal fees (DESIGN §2): $495 ($410 I-765 + $85 biometrics) until 2024-03-31;
 * from 2024-04-01, $555 online ($85 I-821D + $470 I-765) or $605 on paper ($85 + $520).
 */
export const dacaRenewalSchedules: SeedSchedule[] = (["online", "paper"] as const).flatMap((filingMethod) => [
  {
    program: "daca_renewal",
    filingMethod,
    effectiveFrom: "2016-12-23",
    effectiveUntil: "2024-03-31",
    nameEn: "DACA renewal (2016 fee rule)",
    nameEs: "Renovación de DACA (tarifas de 2016)",
    components: [i765Old, biometrics],
  },
  {
    program: "daca_renewal",
    filingMethod,
    effectiveFrom: "2024-04-01",
    effectiveUntil: null,
    nameEn: `DACA renewal, filed ${filingMethod} (2024 fee rule)`,
    nameEs: `Renovación de DACA, ${filingMethod === "online" ? "en línea" : "en papel"} (tarifas de 2024)`,
    components: [
      i821d,
      {
        form: "I-765",
        labelEn: "Employment authorization (I-765)",
        labelEs: "Permiso de trabajo (I-765)",
        amount: filingMethod === "online" ? 47000 : 52000,
      },
    ],
  },
]);
