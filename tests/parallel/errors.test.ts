/** Errors crossing the worker-thread boundary keep name, code, message, stack, cause and data fields. */
import assert from "node:assert/strict";
import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import { describe, it } from "node:test";
import { captureWarnings, createStudy, InvalidArgumentError, RandomSampler, StudyNotFoundError, WorkerError } from "../../src/index.js";
import { deserializeError, serializeError } from "../../src/parallel/protocol.js";

/** Serializes, posts through a real MessageChannel (structured clone), and rebuilds. */
function roundTrip(e: unknown): Error {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(serializeError(e));
    return deserializeError(receiveMessageOnPort(port2)?.message);
  } finally {
    port1.close();
  }
}

describe("errors across threads", () => {
  it("rebuild parzen's classes with code, message, stack, data fields and the cause chain", () => {
    const inner = new RangeError("inner");
    const original = new StudyNotFoundError("s", ["a", "b"]);
    Object.defineProperty(original, "cause", { value: inner });
    const back = roundTrip(original);
    assert.ok(back instanceof StudyNotFoundError);
    assert.equal(back.name, "StudyNotFoundError");
    assert.equal((back as StudyNotFoundError).code, "STUDY_NOT_FOUND");
    assert.equal(back.message, original.message);
    assert.equal(back.stack, original.stack);
    assert.equal((back as StudyNotFoundError).studyName, "s");
    assert.deepEqual((back as StudyNotFoundError).existing, ["a", "b"]);
    assert.ok(back.cause instanceof RangeError);
    assert.equal((back.cause as Error).message, "inner");
    assert.equal((back.cause as Error).stack, inner.stack);
  });

  it("turn a thrown non-Error into an Error that says what was thrown, and stop a cycle of causes", () => {
    assert.equal(roundTrip("boom").message, "A non-Error value was thrown: boom");
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.defineProperty(a, "cause", { value: b });
    let e: unknown = roundTrip(a);
    let depth = 0;
    while (e instanceof Error && e.cause !== undefined) {
      e = e.cause;
      depth++;
    }
    assert.equal(depth, 8);
  });

  it("bring an objective's error and its causes back from a worker thread", async () => {
    const errors: unknown[] = [];
    const study = await createStudy({ sampler: new RandomSampler({ seed: 1 }) });
    await captureWarnings(() =>
      study.optimize(new URL("../fixtures/cause-objective.ts", import.meta.url), { nTrials: 1, nJobs: 1, catch: (e) => (errors.push(e), true) }),
    );
    assert.equal(study.trials[0]?.state, "FAIL");
    const [e] = errors;
    assert.ok(e instanceof InvalidArgumentError);
    assert.equal(e.code, "INVALID_ARGUMENT");
    assert.equal(e.message, `x was ${study.trials[0]?.params.x}`);
    assert.match(e.stack ?? "", /cause-objective\.ts/);
    assert.ok(e.cause instanceof RangeError);
    assert.equal(e.cause.message, "out of range");
    assert.ok(e.cause.cause instanceof Error);
    assert.equal((e.cause.cause as Error).message, "root cause");
  });

  it("WorkerError is a typed ParzenError that crosses as itself", () => {
    const back = roundTrip(new WorkerError("channel broke"));
    assert.ok(back instanceof WorkerError);
    assert.equal((back as WorkerError).code, "WORKER_ERROR");
  });
});
