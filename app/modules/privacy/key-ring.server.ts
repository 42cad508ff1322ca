import { getEnv } from "../config/env.server";
import { parseKeyRing, type KeyRing } from "./encryption.server";

let ring: KeyRing | undefined;
export function getKeyRing(): KeyRing {
  ring ??= parseKeyRing(getEnv().dataEncryptionKeys);
  return ring;
}
