import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import fc from "fast-check";
import { expect } from "vitest";
import { campaignTotals, feeRequests, fundraisers } from "../../db/schema";
import type { Db } from "../../app/modules/db/types";
import { approveFeeRequest, createFeeRequest, endFeeRequest } from "../../app/modules/applications/fee-requests.server";
import { recordOfflineGift } from "../../app/modules/donations/staff.server";
import { fundQueue, fundRequest, payFee, releaseRequest, returnFee, transferFunds } from "../../app/modules/funding/funding.server";
import { recordDisputeOpened, recordDisputeWon, recordDonation, recordGifts, recordProcessingFee, recordRefund } from "../../app/modules/ledger/gifts.server";
import { recordFeeReturned, refileFromHeldFee } from "../../app/modules/ledger/disbursements.server";
import { recordMatchPaid } from "../../app/modules/ledger/transfers.server";
import { DISPUTE_FEE, FEE, interleavings, LedgerModel, MATCH_CAP, stepsArbitrary, type Action, type ModelRequest, type Op, type Outcome } from "./ledger-model";
import { expectCampaignInvariants, makeCampaign } from "./ledger";
import { makeFundraiser, makeHost } from "./fundraisers";

/** An action as issued: the model ops its transactions make, and the call that performs it. */
type Issued = { ops: Op[]; run: () => Promise<Outcome> };

/** A refusal's code, or the error itself when it is not a refusal. */
async function outcomeOf(work: () => Promise<unknown>): Promise<Outcome> {
  try {
    await work();
    return "ok";
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && error instanceof Error && /LedgerError|FeeRequestError/.test(error.constructor.name)) return code;
    throw error;
  }
}

/**
 * Runs random sequences of steps against the real ledger — each step one to three actions issued
 * at once, from several connections when there are several — and checks after every step that
 * DESIGN §2's invariants hold and that the plain model, replaying the step's committed actions in
 * some serial order, answers as the ledger answered and ends with the same figures.
 * The seed is printed; set LEDGER_MODEL_SEED to replay a run.
 */
export async function checkLedgerAgainstModel(connections: Db[], options: { runs: number; adminId: string; seed?: number }) {
  const db = connections[0]!;
  const seed = options.seed ?? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  console.log(`ledger model: ${options.runs} runs, seed ${seed} (LEDGER_MODEL_SEED=${seed} to replay), ${connections.length} connection(s)`);
  let runNumber = 0;
  const host = await makeHost(db);
  await fc.assert(
    fc.asyncProperty(stepsArbitrary, async (steps) => {
      const run = ++runNumber;
      const campaigns = [
        await makeCampaign(db, options.adminId, { feeSource: "fixed", fixedFee: FEE }),
        await makeCampaign(db, options.adminId, { feeSource: "fixed", fixedFee: FEE }),
      ];
      const page = await makeFundraiser(db, { campaignId: campaigns[0]!.id, hostUserId: host.id, matchCapCents: MATCH_CAP });
      // Every model state some serial order so far explains: orders that agree on today's figures
      // can differ in what a later step reveals (which gift the capped match went to), so
      // indistinguishable states are kept until a step tells them apart.
      let models = [new LedgerModel()];
      const model = () => models[0]!;
      const charges: { key: string; donationId: string; campaign: number; gift: number; cover: number; viaFundraiser: boolean }[] = [];
      const requestIds: string[] = [];
      const disbursementIds = new Map<number, string>();
      const base = Date.UTC(2026, 0, 1);
      let clock = 0;

      for (const [stepNumber, step] of steps.entries()) {
        const pending = { charges: new Map<number, Parameters<LedgerModel["addCharge"]>[1]>(), requests: new Map<number, ModelRequest>() };
        const busy = new Set<string>();
        const issued: Issued[] = [];
        for (const action of step) {
          const built = await issue(action, pending, busy);
          if (built) issued.push(built);
        }
        const outcomes = await Promise.all(issued.map((i) => i.run()));
        await compare(stepNumber, step, issued, outcomes, pending);
      }

      /** Turns an action into ops and the call that performs it, or nothing when it has no target now. */
      async function issue(action: Action, pending: Parameters<LedgerModel["apply"]>[1], busy: Set<string>): Promise<Issued | null> {
        const via = connections[busy.size % connections.length]!;
        const claim = (target: string) => (busy.has(target) ? false : (busy.add(target), true));
        const newCharge = (c: number, gift: number, cover: number, viaFundraiser: boolean, prefix: string) => {
          const i = charges.length;
          const charge = { key: `${prefix}r${run}-ch${i}`, donationId: randomUUID(), campaign: c, gift, cover, viaFundraiser };
          charges.push(charge);
          pending.charges.set(i, { campaign: c, gift, cover, viaFundraiser });
          return i;
        };
        const giftOf = (i: number) => {
          const c = charges[i]!;
          return { campaignId: campaigns[c.campaign]!.id, idempotencyKey: c.key, giftCents: c.gift, feeCoverCents: c.cover, donationId: c.donationId, fundraiserId: c.viaFundraiser ? page.id : null };
        };
        const known = model().charges.map((c, i) => ({ c, i })).filter((x): x is { c: NonNullable<typeof x.c>; i: number } => !!x.c);
        const pickCharge = (n: number, ok: (c: NonNullable<LedgerModel["charges"][number]>) => boolean) => {
          const choices = known.filter((x) => ok(x.c) && !busy.has(`charge:${x.i}`));
          return choices.length ? choices[n % choices.length]!.i : -1;
        };
        const requests = model().requests.map((r, i) => ({ r, i })).filter((x): x is { r: ModelRequest; i: number } => !!x.r);
        const pickRequest = (n: number, ok: (r: ModelRequest) => boolean) => {
          const choices = requests.filter((x) => ok(x.r) && !busy.has(`request:${x.i}`));
          return choices.length ? choices[n % choices.length]!.i : -1;
        };
        switch (action.type) {
          case "donate": {
            const i = newCharge(action.campaign, action.gift, action.cover, action.viaFundraiser && action.campaign === 0, "");
            busy.add(`charge:${i}`);
            return { ops: [{ op: "gifts", charges: [i] }], run: () => outcomeOf(() => recordDonation(via, giftOf(i))) };
          }
          case "donateBatch": {
            const ids = action.gifts.map((g) => newCharge(action.campaign, g.gift, g.cover, g.viaFundraiser && action.campaign === 0, "batch-"));
            ids.forEach((i) => busy.add(`charge:${i}`));
            return { ops: [{ op: "gifts", charges: ids }], run: () => outcomeOf(() => via.transaction((tx) => recordGifts(tx, ids.map(giftOf)))) };
          }
          case "offlineGift": {
            const i = newCharge(action.campaign, action.gift, 0, false, "offline-");
            busy.add(`charge:${i}`);
            return {
              ops: [{ op: "gifts", charges: [i] }, { op: "allocate", campaign: action.campaign }],
              run: () =>
                outcomeOf(() =>
                  recordOfflineGift(via, {
                    campaign: campaigns[action.campaign]!,
                    amountCents: action.gift,
                    method: "cash",
                    donorName: null,
                    donorEmail: null,
                    locale: "en",
                    actorUserId: options.adminId,
                  }).then((id) => (charges[i]!.donationId = id)),
                ),
            };
          }
          case "duplicate": {
            const i = pickCharge(action.charge, () => true);
            if (i < 0 || charges[i]!.key.startsWith("offline-")) return null;
            return {
              ops: [{ op: "duplicate" }],
              run: async () => {
                const again = await recordDonation(via, giftOf(i));
                expect(again.duplicate, "a gift posted again is a duplicate").toBe(true);
                return "ok";
              },
            };
          }
          case "fee": {
            const i = pickCharge(action.charge, () => true);
            if (i < 0 || !claim(`charge:${i}`)) return null;
            const c = charges[i]!;
            return {
              ops: [{ op: "fee", charge: i, cents: action.cents }],
              run: async () => {
                const r = await recordProcessingFee(via, { campaignId: campaigns[c.campaign]!.id, idempotencyKey: `fee:${c.key}`, feeCents: action.cents, donationId: c.donationId });
                return r.duplicate ? "duplicate" : "ok";
              },
            };
          }
          case "refund": {
            const i = pickCharge(action.charge, (c) => c.state === "ok");
            if (i < 0 || !claim(`charge:${i}`)) return null;
            const c = charges[i]!;
            const total = c.gift + c.cover;
            const amount = action.partial === null ? total : Math.min(action.partial, total);
            const reversal = { ...giftOf(i), idempotencyKey: `refund:${c.key}`, amountCents: amount, giftCents: Math.min(amount, c.gift) };
            return { ops: [{ op: "refund", charge: i, amount }], run: () => outcomeOf(() => recordRefund(via, { ...reversal, fullRefund: amount === total })) };
          }
          case "dispute": {
            const i = pickCharge(action.charge, (c) => c.state === "ok");
            if (i < 0 || !claim(`charge:${i}`)) return null;
            const c = charges[i]!;
            const reversal = { ...giftOf(i), idempotencyKey: `dispute:${c.key}`, amountCents: c.gift + c.cover, giftCents: c.gift };
            return { ops: [{ op: "dispute", charge: i }], run: () => outcomeOf(() => recordDisputeOpened(via, { ...reversal, disputeFeeCents: DISPUTE_FEE })) };
          }
          case "disputeWon": {
            const i = pickCharge(action.charge, (c) => c.state === "disputed");
            if (i < 0 || !claim(`charge:${i}`)) return null;
            const c = charges[i]!;
            const reversal = { ...giftOf(i), idempotencyKey: `won:${c.key}`, amountCents: c.gift + c.cover, giftCents: c.gift };
            return { ops: [{ op: "disputeWon", charge: i }], run: () => outcomeOf(() => recordDisputeWon(via, reversal)) };
          }
          case "approve": {
            const expiresOn = new Date(base + action.expiresInDays * 86_400_000).toISOString().slice(0, 10);
            const created = await createFeeRequest(db, { campaignId: campaigns[action.campaign]!.id, filingMethod: "online", dacaExpiresOn: expiresOn, state: "TX", language: "en" });
            const i = requestIds.length;
            requestIds.push(created.id);
            const order = ++clock;
            busy.add(`request:${i}`);
            pending.requests.set(i, { campaign: action.campaign, status: "approved", expiresOn, order, held: 0, everFunded: false, everPaid: false, disbursed: false });
            return {
              ops: [{ op: "approve", request: i }],
              run: () => outcomeOf(() => approveFeeRequest(via, { feeRequestId: created.id, actorUserId: null, now: new Date(base + order * 1000) })),
            };
          }
          case "allocate":
            return {
              ops: [{ op: "allocate", campaign: action.campaign }],
              run: async () => (await fundQueue(via, { campaignId: campaigns[action.campaign]!.id })).funded,
            };
          case "allocateOne":
          case "release":
          case "withdraw": {
            const i = pickRequest(action.request, () => true);
            if (i < 0 || !claim(`request:${i}`)) return null;
            const feeRequestId = requestIds[i]!;
            const run =
              action.type === "allocateOne"
                ? () => outcomeOf(() => fundRequest(via, { feeRequestId, actorUserId: options.adminId }))
                : action.type === "release"
                  ? () => outcomeOf(() => releaseRequest(via, { feeRequestId, actorUserId: options.adminId }))
                  : () => outcomeOf(() => endFeeRequest(via, { feeRequestId, outcome: "withdrawn", actorUserId: null }));
            return { ops: [{ op: action.type, request: i }], run };
          }
          case "disburse": {
            const i = pickRequest(action.request, (r) => r.status === "funded");
            if (i < 0 || !claim(`request:${i}`)) return null;
            return {
              ops: [{ op: "disburse", request: i }],
              run: () =>
                outcomeOf(async () => {
                  const paid = await payFee(via, {
                    feeRequestId: requestIds[i]!,
                    method: "paygov_online",
                    paidOn: "2026-02-01",
                    lines: [
                      { form: "I-821D", amountCents: 8_500 },
                      { form: "I-765", amountCents: 41_000 },
                    ],
                  });
                  disbursementIds.set(i, paid.disbursementId);
                }),
            };
          }
          case "feeReturned": {
            const i = pickRequest(action.request, (r) => r.disbursed && r.status === "paid");
            if (i < 0 || !claim(`request:${i}`)) return null;
            return { ops: [{ op: "feeReturned", request: i }], run: () => outcomeOf(() => returnFee(via, { disbursementId: disbursementIds.get(i)! })) };
          }
          case "returnForRefile": {
            const i = pickRequest(action.request, (r) => r.disbursed && r.status === "paid");
            if (i < 0 || !claim(`request:${i}`)) return null;
            // Fund allocations run at today's date: a window that closed in January has passed by then.
            const refileBy = action.windowOpen ? "2099-12-31" : "2026-01-15";
            return {
              ops: [{ op: "returnForRefile", request: i, windowOpen: action.windowOpen }],
              run: () => outcomeOf(() => recordFeeReturned(via, { disbursementId: disbursementIds.get(i)!, refileBy })),
            };
          }
          case "refile": {
            const i = pickRequest(action.request, (r) => r.status === "paid" && !!r.refile);
            if (i < 0 || !claim(`request:${i}`)) return null;
            return { ops: [{ op: "refile", request: i }], run: () => outcomeOf(() => refileFromHeldFee(via, { feeRequestId: requestIds[i]!, today: "2026-06-01" })) };
          }
          case "transfer": {
            const to = 1 - action.from;
            return {
              ops: [{ op: "transfer", from: action.from, to, amount: action.amount }],
              run: () =>
                outcomeOf(() =>
                  transferFunds(via, { fromCampaignId: campaigns[action.from]!.id, toCampaignId: campaigns[to]!.id, amountCents: action.amount, actorUserId: options.adminId, reason: "model" }),
                ),
            };
          }
          case "matchPaid": {
            if (!claim("match")) return null;
            return {
              ops: [{ op: "matchPaid", amount: action.amount }],
              run: () => outcomeOf(() => recordMatchPaid(via, { campaignId: campaigns[0]!.id, fundraiserId: page.id, amountCents: action.amount, idempotencyKey: `match-paid:${randomUUID()}` })),
            };
          }
        }
      }

      async function compare(stepNumber: number, step: Action[], issued: Issued[], outcomes: Outcome[], pending: Parameters<LedgerModel["apply"]>[1]) {
        const where = `step ${stepNumber + 1} [${step.map((a) => a.type).join(", ")}]`;
        await expectCampaignInvariants(db, campaigns.map((c) => c.id), where);
        const actual = await observed();
        // Some serial order of the step's transactions must explain every answer and every figure.
        const tagged = issued.map((i, n) => i.ops.map((op, k) => ({ op, n, last: k === i.ops.length - 1 })));
        const tried: string[] = [];
        const explained = new Map<string, LedgerModel>();
        for (const current of models)
          for (const order of interleavings(tagged)) {
            const candidate = current.clone();
            const answers = new Map<number, Outcome>();
            for (const { op, n, last } of order) {
              const answer = candidate.apply(op, pending);
              if (last) answers.set(n, answer);
            }
            const answersMatch = issued.every((i, n) => i.ops.length > 1 || outcomes[n] === answers.get(n));
            const expected = expectedOf(candidate);
            if (answersMatch && JSON.stringify(expected) === JSON.stringify(actual)) explained.set(JSON.stringify(candidate), candidate);
            else if (tried.length < 12) tried.push(`${order.map((o) => o.op.op).join(" → ")}: answers ${JSON.stringify([...answers.values()])}, model ${JSON.stringify(expected)}`);
          }
        if (explained.size > 0) {
          models = [...explained.values()].slice(0, 32);
          return;
        }
        expect.fail(`no serial order explains ${where}: answers ${JSON.stringify(outcomes)}, database ${JSON.stringify(actual)}\n${tried.join("\n")}`);
      }

      function expectedOf(m: LedgerModel) {
        return {
          campaigns: [m.figures(0), m.figures(1)],
          requests: requestIds.map((_, i) => m.requests[i]?.status ?? "approved"),
          fundraiser: { raisedCents: m.fundraiser.raised, matchedCents: m.fundraiser.matched, matchPaidCents: m.fundraiser.paid },
        };
      }

      async function observed() {
        const totals = await db.select().from(campaignTotals).where(inArray(campaignTotals.campaignId, campaigns.map((c) => c.id)));
        const figures = campaigns.map((c) => {
          const { campaignId: _c, updatedAt: _u, ...f } = totals.find((t) => t.campaignId === c.id)!;
          return f;
        });
        const rows = requestIds.length ? await db.select({ id: feeRequests.id, status: feeRequests.status }).from(feeRequests).where(inArray(feeRequests.id, requestIds)) : [];
        const status = new Map(rows.map((r) => [r.id, r.status]));
        const [f] = await db
          .select({ raisedCents: fundraisers.raisedCents, matchedCents: fundraisers.matchedCents, matchPaidCents: fundraisers.matchPaidCents })
          .from(fundraisers)
          .where(eq(fundraisers.id, page.id));
        return { campaigns: figures, requests: requestIds.map((id) => status.get(id)), fundraiser: f };
      }
    }),
    { numRuns: options.runs, seed, endOnFailure: true },
  );
}
