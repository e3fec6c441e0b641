package dev.smarttracer.benchmarks.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a run's figures as Markdown tables: each tool against the untraced window of its own
 * target JVM, then SmartTracer against each other tool, from the same run.
 */
final class ResultTables {

    private static final String OURS = "SmartTracer";
    private static final String NONE = "—";

    private final List<ScenarioResult> scenarios;
    private final Map<String, Map<Jdk, List<Long>>> exactness;
    private final Map<String, Tool> tools;
    private final Settings settings;

    /**
     * @param exactness per tool name, per JDK, the calls reported in each trial
     * @param tools the tools run, by name
     */
    ResultTables(List<ScenarioResult> scenarios, Map<String, Map<Jdk, List<Long>>> exactness, Map<String, Tool> tools,
            Settings settings) {
        this.scenarios = scenarios;
        this.exactness = exactness;
        this.tools = tools;
        this.settings = settings;
    }

    /** Returns every table, with a heading line before each. */
    String render() {
        StringBuilder out = new StringBuilder();
        tracing(out);
        after(out);
        recording(out);
        firstEvent(out);
        pauses(out);
        exact(out);
        oursAgainstEach(out);
        captures(out);
        failures(out);
        return out.toString();
    }

    private void tracing(StringBuilder out) {
        out.append("\n#### (b) Tracing with returns, against (a) untraced in the same target JVM\n\n");
        out.append("| JDK | tool | calls/s a → b | b/a | call p50 a → b, ns | added p50, ns | call p99 a → b, ns"
                + " | worst call a → b, µs | target CPU per call a → b, ns | added CPU per call, ns | trace |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult s : scenarios) {
            Window a = s.untraced();
            Window b = s.traced();
            if (a == null || b == null) {
                row(out, s, "not measured: " + (s.failure() == null ? "—" : s.failure()));
                continue;
            }
            if (s.tracedEndedEarly() != null) {
                row(out, s, String.format(Locale.ROOT, "%,.0f → (not traced)", a.rate()), traceNote(s));
                continue;
            }
            out.append(String.format(Locale.ROOT,
                    "| %s | %s | %,.0f → %,.0f | %.3f | %,d → %,d | **%+,d** | %,d → %,d | %,.0f → %,.0f | %,.0f → %,.0f"
                            + " | **%+,.0f** | %s |\n",
                    s.jdk().version(), s.tool(), a.rate(), b.rate(), b.rate() / a.rate(), a.p50(), b.p50(),
                    b.p50() - a.p50(), a.p99(), b.p99(), a.max() / 1e3, b.max() / 1e3, a.cpuPerCall(), b.cpuPerCall(),
                    b.cpuPerCall() - a.cpuPerCall(), traceNote(s)));
        }
    }

    private static String traceNote(ScenarioResult s) {
        String calls = s.first() == null ? "" : String.format(Locale.ROOT, "%,d calls reported", s.first().events());
        return s.tracedEndedEarly() == null ? calls : "**ended early**: " + s.tracedEndedEarly();
    }

    private void after(StringBuilder out) {
        out.append("\n#### (c) After the trace ended, against (a)\n\n");
        out.append("| JDK | tool | how the trace ended | calls/s c/a | call p50 a → c, ns | added p50, ns"
                + " | CPU per call c/a | after the tool's restore command: added p50, ns | CPU per call /a |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult s : scenarios) {
            Window a = s.untraced();
            Window c = s.after();
            if (a == null || c == null) {
                continue;
            }
            Window r = s.afterRestore();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %,d → %,d | **%+,d** | %.3f | %s | %s |\n",
                    s.jdk().version(), s.tool(), cell(s.first().ending()), c.rate() / a.rate(), a.p50(), c.p50(),
                    c.p50() - a.p50(), c.cpuPerCall() / a.cpuPerCall(),
                    r == null ? NONE : String.format(Locale.ROOT, "`%s`: %+,d", s.restoreCommand(), r.p50() - a.p50()),
                    r == null ? NONE : String.format(Locale.ROOT, "%.3f", r.cpuPerCall() / a.cpuPerCall())));
        }
    }

    private void recording(StringBuilder out) {
        out.append("\n#### (d) Recording, against (a), and the heap the target retains afterwards\n\n");
        out.append("| JDK | tool | command | calls shown | calls made while it recorded | calls/s d/a | added p50, ns"
                + " | added CPU per call, ns | retained heap, MiB | bytes per call shown / made | how it ended |\n");
        out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScenarioResult s : scenarios) {
            if (s.recorded() == null) {
                continue;
            }
            Window a = s.untraced();
            Window d = s.recording();
            long retained = s.heapAfter() - s.heapBefore();
            out.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %,d | %,d | %s | %s | %s | %.1f | %s / %s | %s |\n",
                    s.jdk().version(), s.tool(), tools.get(s.tool()).recordCommand(), s.recorded().events(),
                    s.recordingCalls(),
                    d == null ? NONE : String.format(Locale.ROOT, "%.3f", d.rate() / a.rate()),
                    d == null ? NONE : String.format(Locale.ROOT, "%+,d", d.p50() - a.p50()),
                    d == null ? NONE : String.format(Locale.ROOT, "%+,.0f", d.cpuPerCall() - a.cpuPerCall()),
                    retained / 1048576.0,
                    s.recorded().events() == 0 ? NONE
                            : String.format(Locale.ROOT, "%,.0f", (double) retained / s.recorded().events()),
                    s.recordingCalls() <= 0 ? NONE
                            : String.format(Locale.ROOT, "%,.0f", (double) retained / s.recordingCalls()),
                    cell(s.recorded().ending())));
        }
    }

    private void firstEvent(StringBuilder out) {
        out.append("\n#### (e) From the command's start to the first event, ms\n\n");
        out.append("| JDK | tool | first attach | already attached |\n|---|---|---:|---:|\n");
        for (ScenarioResult s : scenarios) {
            if (s.first() == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |\n", s.jdk().version(), s.tool(),
                    millis(s.first()), s.second() == null ? NONE : millis(s.second())));
        }
    }

    private static String millis(Outcome o) {
        double ms = o.millisToFirstEvent();
        return Double.isNaN(ms) ? "no event" : String.format(Locale.ROOT, "%,.0f", ms);
    }

    private void pauses(StringBuilder out) {
        out.append("\n#### (f) What the application feels while a tool installs and removes its code\n\n");
        out.append("Worst time from a call's schedule to its end (ms): in (a), from the command's start until 1 s after"
                + " the first event, and around the trace's end (or the tool's restore command); and the worst 1 s"
                + " of throughput from the command's start to the end of (b), against (a)'s rate.\n\n");
        out.append("| JDK | tool | untraced worst, ms | installing, ms | removing, ms | worst 1 s after the attach / a"
                + " | untraced worst 1 s / a |\n|---|---|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult s : scenarios) {
            if (s.untraced() == null || s.first() == null) {
                continue;
            }
            long removing = s.restoreCommand() == null ? s.removalWorstLate() : s.restoreWorstLate();
            String removal = removing < 0 ? NONE : String.format(Locale.ROOT, "%.1f%s", removing / 1e6,
                    s.restoreCommand() == null ? "" : " (`" + s.restoreCommand() + "`; at the trace's end "
                            + String.format(Locale.ROOT, "%.1f", s.removalWorstLate() / 1e6) + ")");
            out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | **%.3f** | %.3f |\n",
                    s.jdk().version(), s.tool(), s.untraced().lateMax() / 1e6, s.installWorstLate() / 1e6, removal,
                    s.worstSecondAfterAttach() / s.untraced().rate(), s.untracedWorstSecond() / s.untraced().rate()));
        }
    }

    private void exact(StringBuilder out) {
        out.append("\n#### Exactness: calls reported for N = ").append(String.format(Locale.ROOT, "%,d",
                settings.exactLimit())).append(", ").append(settings.threads())
                .append(" threads calling as fast as they can\n\n");
        out.append("| JDK | tool | trials | exactly N | fewest | median | most | most beyond N |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, Tool> entry : tools.entrySet()) {
            Tool tool = entry.getValue();
            if (!tool.hasCallBudget()) {
                out.append("| any | ").append(tool.name()).append(" | no call budget: it traces until stopped |"
                        + " | | | | |\n");
                continue;
            }
            for (Map.Entry<Jdk, List<Long>> perJdk : exactness.getOrDefault(entry.getKey(), Map.of()).entrySet()) {
                List<Long> counts = new ArrayList<>(perJdk.getValue());
                if (counts.isEmpty()) {
                    continue;
                }
                counts.sort(null);
                long exact = counts.stream().filter(c -> c == settings.exactLimit()).count();
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %,d | %,d | %,d | **%+,d** |\n",
                        perJdk.getKey().version(), tool.name(), counts.size(), exact, counts.get(0),
                        counts.get(counts.size() / 2), counts.get(counts.size() - 1),
                        counts.get(counts.size() - 1) - settings.exactLimit()));
            }
        }
    }

    private void oursAgainstEach(StringBuilder out) {
        out.append("\n#### SmartTracer against each tool, same JDK, same run (their figure ÷ ours; above 1: ours is"
                + " lower)\n\n");
        out.append("| JDK | tool | added CPU per call while tracing | added p50 while tracing"
                + " | added CPU per call after the trace | first event, first attach | first event, attached"
                + " | retained heap after recording |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult ours : scenarios) {
            if (!ours.tool().equals(OURS) || ours.traced() == null) {
                continue;
            }
            for (ScenarioResult other : scenarios) {
                if (other.tool().equals(OURS) || !other.jdk().equals(ours.jdk()) || other.traced() == null) {
                    continue;
                }
                out.append("| ").append(ours.jdk().version()).append(" | ").append(other.tool()).append(" | ")
                        .append(ratio(other, ours, s -> s.tracedEndedEarly() != null ? Double.NaN
                                : s.traced().cpuPerCall() - s.untraced().cpuPerCall()))
                        .append(" | ")
                        .append(ratio(other, ours, s -> s.tracedEndedEarly() != null ? Double.NaN
                                : (double) (s.traced().p50() - s.untraced().p50())))
                        .append(" | ")
                        .append(ratio(other, ours, s -> s.after() == null ? Double.NaN
                                : s.after().cpuPerCall() - s.untraced().cpuPerCall()))
                        .append(" | ")
                        .append(ratio(other, ours, s -> s.first().millisToFirstEvent()))
                        .append(" | ")
                        .append(ratio(other, ours, s -> s.second() == null ? Double.NaN
                                : s.second().millisToFirstEvent()))
                        .append(" | ")
                        .append(ratio(other, ours, s -> s.recorded() == null || s.recording() == null
                                || s.recorded().ended() < s.recording().to() ? Double.NaN
                                : (double) (s.heapAfter() - s.heapBefore())))
                        .append(" |\n");
            }
        }
        out.append("\nA ratio needs both figures above zero; otherwise the cell gives both (theirs / ours). — : a"
                + " figure is missing (a trace or a recording that ended before its window, a tool that keeps no"
                + " recordings).\n");
    }

    private static String ratio(ScenarioResult theirs, ScenarioResult ours, Function<ScenarioResult, Double> figure) {
        double t = figure.apply(theirs);
        double o = figure.apply(ours);
        if (Double.isNaN(t) || Double.isNaN(o)) {
            return NONE;
        }
        if (t > 0 && o > 0) {
            return String.format(Locale.ROOT, "**%.1f**", t / o);
        }
        return String.format(Locale.ROOT, "%,.0f / %,.0f", t, o);
    }

    private void captures(StringBuilder out) {
        out.append("\n#### What each tool shows of a call\n\n| tool | command | shows |\n|---|---|---|\n");
        for (Tool tool : tools.values()) {
            out.append("| ").append(tool.name()).append(" | `").append(tool.traceCommand().replace("|", "\\|"))
                    .append("` | ").append(tool.captures()).append(" |\n");
        }
    }

    private void failures(StringBuilder out) {
        for (ScenarioResult s : scenarios) {
            if (s.failure() != null) {
                out.append("\n- ").append(s.tool()).append(" on JDK ").append(s.jdk().version())
                        .append(" stopped early: ").append(cell(s.failure()));
            }
        }
        out.append('\n');
    }

    private static void row(StringBuilder out, ScenarioResult s, String text) {
        out.append("| ").append(s.jdk().version()).append(" | ").append(s.tool()).append(" | ").append(cell(text))
                .append(" | | | | | | | | |\n");
    }

    private static void row(StringBuilder out, ScenarioResult s, String first, String last) {
        out.append("| ").append(s.jdk().version()).append(" | ").append(s.tool()).append(" | ").append(first)
                .append(" | — | — | — | — | — | — | — | ").append(cell(last)).append(" |\n");
    }

    private static String cell(String text) {
        String flat = text.replace('\n', ' ').replace("|", "\\|");
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }
}
