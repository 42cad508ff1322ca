import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/modules/auth/guards.server";
import { userActionSchema } from "~/modules/auth/schema";
import { changeRole, findUserById, setDisabled, UserError } from "~/modules/auth/users.server";
import { getDb } from "~/modules/db/index.server";
import { redirectWithFlash } from "~/modules/flash/flash.server";
import { readForm } from "~/modules/forms/read-form.server";
import { foundOr404 } from "~/modules/http/found.server";
import { rootPageTitle } from "~/modules/i18n/page-title";

export const meta: MetaFunction = ({ matches }) => [{ title: rootPageTitle(matches, "staff.users.title") }];

// Host accounts are not staff: not found here.
const loadStaffUser = (id: string | undefined) => foundOr404(id, async (found) => ((user) => (user?.role === "host" ? null : user))(await findUserById(getDb(), found)));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireAdmin(request);
  const user = await loadStaffUser(params.id);
  return {
    isSelf: user.id === session.user.id,
    user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, status: user.status },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireAdmin(request);
  const user = await loadStaffUser(params.id);
  const parsed = userActionSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw new Response("Bad request", { status: 400 });
  const url = `/staff/users/${user.id}`;
  try {
    if (parsed.data.intent === "role") await changeRole(getDb(), { userId: user.id, role: parsed.data.role, actorUserId: session.user.id });
    else await setDisabled(getDb(), { userId: user.id, disabled: parsed.data.intent === "disable", actorUserId: session.user.id });
  } catch (error) {
    if (error instanceof UserError) return redirectWithFlash(url, { kind: "error", key: error.messageKey });
    throw error;
  }
  const key = { role: "staff.users.roleChanged", disable: "staff.users.disabled", enable: "staff.users.enabled" }[parsed.data.intent];
  return redirectWithFlash(url, { kind: "success", key });
}

export default function StaffUser() {
  const { user, isSelf } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{user.displayName ?? user.email}</h1>
      <p>
        {user.email} · {t(`roles.${user.role}`)} · <span className={`badge ${user.status}`}>{t(`userStatus.${user.status}`)}</span>
      </p>
      {isSelf ? (
        <p>{t("staff.users.selfNote")}</p>
      ) : (
        <>
          <h2>{t("staff.users.roleHeading")}</h2>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="role" />
            <div className="field">
              <label htmlFor="role">{t("fields.role")}</label>
              <select id="role" name="role" defaultValue={user.role}>
                <option value="reviewer">{t("roles.reviewer")}</option>
                <option value="admin">{t("roles.admin")}</option>
              </select>
            </div>
            <button type="submit" className="button">
              {t("staff.users.changeRole")}
            </button>
          </Form>
          <h2>{t("staff.users.accessHeading")}</h2>
          <Form method="post">
            {user.status === "disabled" ? (
              <>
                <input type="hidden" name="intent" value="enable" />
                <button type="submit" className="button secondary">
                  {t("staff.users.enable")}
                </button>
              </>
            ) : (
              <>
                <input type="hidden" name="intent" value="disable" />
                <p>{t("staff.users.disableNote")}</p>
                <button type="submit" className="button danger">
                  {t("staff.users.disable")}
                </button>
              </>
            )}
          </Form>
        </>
      )}
    </>
  );
}
