// The shared test processes (synth, helm, promtool: throughput work) run at a lower CPU priority than the e2e suites,
// whose real servers keep time (scrape and evaluation intervals, group_wait): on a busy machine the timing-sensitive
// processes get the CPU first and the rest of the run fills what is left. Children (helm, promtool) inherit it.
import { getPriority, setPriority } from "node:os";

const BACKGROUND = 10;
if (getPriority() < BACKGROUND) setPriority(BACKGROUND);
