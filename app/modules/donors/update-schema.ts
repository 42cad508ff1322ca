import { z } from "zod";
import { requiredText } from "../forms/fields";

export const UPDATE_BODY_MAX = 1_000;

export const campaignUpdateSchema = z.object({ bodyEn: requiredText(UPDATE_BODY_MAX), bodyEs: requiredText(UPDATE_BODY_MAX) });
