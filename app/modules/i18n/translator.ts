import { createInstance, type TFunction } from "i18next";
import { i18nConfig, resources, type Language } from "./config";

const instances = new Map<Language, TFunction>();

/** A `t` for one language outside React (emails, CLI, server messages). */
export function translator(language: Language): TFunction {
  let t = instances.get(language);
  if (!t) {
    const instance = createInstance();
    void instance.init({ ...i18nConfig, resources, lng: language, initImmediate: false });
    t = instance.getFixedT(language);
    instances.set(language, t);
  }
  return t;
}
