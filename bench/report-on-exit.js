// Preloaded into every node process of a `npm run bench` run (NODE_OPTIONS=--require): when the process exits, appends
// its CPU time (user + system, all threads), peak RSS and lifetime to the file BENCH_REPORT names, one JSON line each.
const { appendFileSync } = require("node:fs");

const file = process.env.BENCH_REPORT;
if (file) {
  process.on("exit", () => {
    const { user, system } = process.cpuUsage();
    const line = { ms: performance.now(), cpuS: (user + system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  });
}
