// The CPU-bound bench objective as plain JavaScript, as a package user ships it (see cpu50.ts).
export default function objective(trial) {
  const x = trial.suggestFloat("x", -5, 5);
  const y = trial.suggestFloat("y", -5, 5);
  const ms = Number(process.env.PARZEN_BENCH_WORK_MS ?? 50);
  const end = performance.now() + ms;
  let acc = 0;
  while (performance.now() < end) for (let i = 0; i < 1000; i++) acc += Math.sin(acc + i);
  return (x - 1) ** 2 + (y + 2) ** 2 + (Number.isFinite(acc) ? 0 : 1);
}
