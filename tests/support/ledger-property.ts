import { eq, inArray, sql } from "drizzle-orm";
import fc from "fast-check";
import { expect } from "vitest";
import { campaignTotals, feeRequests } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { approveFeeRequest, createFeeRequest, endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { allocateWholeFees, releaseFee } from "../../app/modules/ledger/allocation.server";
import { recordDisbursement, recordFeeReturned } from "../../app/modules/ledger/disbursements.server";
import { recordDisputeOpened, recordDisputeWon, recordDonation, recordProcessingFee, recordRefund } from "../../app/modules/ledger/gifts.server";
import { totalsFromEntries } from "../../app/modules/ledger/totals.server";
import { actionArbitrary, CampaignModel, type Action } from "./ledger-model";
import { makeCampaign } from "./ledger";

/**
 * Runs random sequences of money movements against the real ledger and the plain model, and
 * compares them after every step. fast-check prints the seed and the shrunk sequence on failure.
 */
export async function checkLedgerAgainstModel(db: Db, options: { runs: number; adminId: string; seed?: number }) {
  let runNumber = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(actionArbitrary, { minLength: 20, maxLength: 40 }), async (actions) => {
      const campaign = await makeCampaign(db, options.adminId, { feeSource: "fixed", fixedFee: 49_500 });
      const run = ++runNumber;
      const model = new CampaignModel();
      const chargeKeys: string[] = [];
      const requestIds: string[] = [];
      const disbursementIds = new Map<number, string>();
      const base = Date.UTC(2026, 0, 1);
      let step = 0;
      for (const action of actions) {
        step++;
        await apply(action);
        await compare(action);
      }

      async function apply(action: Action) {
        const charge = (i: number) => (model.charges.length ? i % model.charges.length : -1);
        const request = (i: number) => (model.requests.length ? i % model.requests.length : -1);
        switch (action.type) {
          case "donate": {
            const key = `r${run}-ch${model.charges.length}`;
            chargeKeys.push(key);
            model.donate(action.gift, action.cover);
            await recordDonation(db, { campaignId: campaign.id, idempotencyKey: key, giftCents: action.gift, feeCoverCents: action.cover });
            return;
          }
          case "duplicate": {
            const i = charge(action.charge);
            if (i < 0) return;
            const c = model.charges[i]!;
            const again = await recordDonation(db, { campaignId: campaign.id, idempotencyKey: chargeKeys[i]!, giftCents: c.gift, feeCoverCents: c.cover });
            expect(again.duplicate).toBe(true);
            return;
          }
          case "fee": {
            const i = charge(action.charge);
            if (i < 0) return;
            const already = model.charges[i]!.feeCharged;
            model.fee(model.charges[i]!, action.cents);
            const result = await recordProcessingFee(db, { campaignId: campaign.id, idempotencyKey: `fee:${chargeKeys[i]}`, feeCents: action.cents });
            expect(result.duplicate).toBe(already);
            return;
          }
          case "refund": {
            const i = charge(action.charge);
            if (i < 0 || model.charges[i]!.state !== "ok") return;
            const c = model.charges[i]!;
            const total = c.gift + c.cover;
            const amount = action.partial === null ? total : Math.min(action.partial, total);
            const giftCents = Math.min(amount, c.gift);
            model.refund(c, amount);
            await recordRefund(db, { campaignId: campaign.id, idempotencyKey: `refund:${chargeKeys[i]}`, amountCents: amount, giftCents, fullRefund: amount === total });
            return;
          }
          case "dispute": {
            const i = charge(action.charge);
            if (i < 0 || model.charges[i]!.state !== "ok") return;
            const c = model.charges[i]!;
            model.dispute(c);
            await recordDisputeOpened(db, {
              campaignId: campaign.id,
              idempotencyKey: `dispute:${chargeKeys[i]}`,
              amountCents: c.gift + c.cover,
              giftCents: c.gift,
              disputeFeeCents: 1_500,
            });
            return;
          }
          case "disputeWon": {
            const i = charge(action.charge);
            if (i < 0 || model.charges[i]!.state !== "disputed") return;
            const c = model.charges[i]!;
            model.disputeWon(c);
            await recordDisputeWon(db, { campaignId: campaign.id, idempotencyKey: `won:${chargeKeys[i]}`, amountCents: c.gift + c.cover, giftCents: c.gift });
            return;
          }
          case "approve": {
            const expiresOn = new Date(base + action.expiresInDays * 86_400_000).toISOString().slice(0, 10);
            const created = await createFeeRequest(db, { campaignId: campaign.id, filingMethod: "online", dacaExpiresOn: expiresOn, state: "TX", language: "en" });
            await approveFeeRequest(db, { feeRequestId: created.id, actorUserId: null, now: new Date(base + step * 1000) });
            model.requests.push({ status: "approved", expiresOn, order: step, held: 0, everFunded: false, everPaid: false, disbursed: false });
            requestIds.push(created.id);
            return;
          }
          case "allocate": {
            const expected = model.allocate();
            const result = await allocateWholeFees(db, { campaignId: campaign.id });
            expect(result.funded).toBe(expected);
            return;
          }
          case "release":
          case "withdraw": {
            const i = request(action.request);
            if (i < 0) return;
            const r = model.requests[i]!;
            if (action.type === "release") {
              if (r.status !== "funded") return;
              model.release(r, "approved");
              await releaseFee(db, { feeRequestId: requestIds[i]!, nextStatus: "approved" });
            } else {
              if (r.status !== "funded" && r.status !== "approved") return;
              if (r.status === "funded") model.release(r, "withdrawn");
              else r.status = "withdrawn";
              await endFeeRequest(db, { feeRequestId: requestIds[i]!, outcome: "withdrawn", actorUserId: null });
            }
            return;
          }
          case "disburse": {
            const i = request(action.request);
            if (i < 0 || model.requests[i]!.status !== "funded") return;
            model.disburse(model.requests[i]!);
            const { disbursementId } = await recordDisbursement(db, {
              feeRequestId: requestIds[i]!,
              method: "paygov_online",
              paidOn: "2026-02-01",
              lines: [
                { form: "I-821D", amountCents: 8_500 },
                { form: "I-765", amountCents: 41_000 },
              ],
            });
            disbursementIds.set(i, disbursementId);
            return;
          }
          case "feeReturned": {
            const i = request(action.request);
            if (i < 0 || !model.requests[i]!.disbursed || model.requests[i]!.status !== "paid") return;
            model.feeReturned(model.requests[i]!);
            await recordFeeReturned(db, { disbursementId: disbursementIds.get(i)! });
            return;
          }
        }
      }

      async function compare(action: Action) {
        const where = `after step ${step} (${action.type})`;
        const [cached] = await db.select().from(campaignTotals).where(eq(campaignTotals.campaignId, campaign.id));
        const { campaignId: _c, updatedAt: _u, ...figures } = cached!;
        const expected = model.figures();
        expect(figures, `cached totals ${where}`).toEqual(expected);
        const { donationsCount: _d, ...fromModel } = expected;
        expect(await totalsFromEntries(db, campaign.id), `totals from entries ${where}`).toEqual(fromModel);
        if (requestIds.length) {
          const rows = await db.select({ id: feeRequests.id, status: feeRequests.status }).from(feeRequests).where(inArray(feeRequests.id, requestIds));
          const byId = new Map(rows.map((r) => [r.id, r.status]));
          expect(requestIds.map((id) => byId.get(id)), `request states ${where}`).toEqual(model.requests.map((r) => r.status));
        }
        expect(model.pool, "the model's pool is never negative").toBeGreaterThanOrEqual(0);
      }

      const unbalanced = await db.execute(sql`
        select e.transaction_id from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
        where t.campaign_id = ${campaign.id} group by e.transaction_id having sum(e.amount_cents) <> 0`);
      expect((Array.isArray(unbalanced) ? unbalanced : (unbalanced as { rows: unknown[] }).rows).length).toBe(0);
      const overfunded = await db.execute(sql`
        select a.id from ledger_accounts a join fee_requests r on r.id = a.fee_request_id
        where a.campaign_id = ${campaign.id} and a.type = 'fee_request' and (a.balance_cents > r.fee_cents or a.balance_cents < 0)`);
      expect((Array.isArray(overfunded) ? overfunded : (overfunded as { rows: unknown[] }).rows).length).toBe(0);
    }),
    { numRuns: options.runs, seed: options.seed, endOnFailure: true },
  );
}
