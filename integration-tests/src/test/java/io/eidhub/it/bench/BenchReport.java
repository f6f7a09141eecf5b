package io.eidhub.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's output: the console table, the JSON report ({@code --report}) and the SVG chart. */
final class BenchReport {

    /** The ratios the targets are about: numerator/denominator of logins per second. */
    static final List<String[]> RATIOS = List.of(
            new String[]{"itsme", "oidc-itsme"},
            new String[]{"itsme-userinfo", "oidc-itsme"},
            new String[]{"idemia", "oidc-idemia"});

    private final Map<String, BenchResult> results;
    private final Map<String, Object> run;
    private final Map<String, Object> machine;

    BenchReport(Map<String, BenchResult> results, Map<String, Object> run, Map<String, Object> machine) {
        this.results = results;
        this.run = run;
        this.machine = machine;
    }

    Map<String, Double> ratios() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String[] r : RATIOS) {
            double den = results.get(r[1]).loginsPerSecond();
            out.put(r[0] + "/" + r[1], den == 0 ? 0 : round(results.get(r[0]).loginsPerSecond() / den, 3));
        }
        return out;
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-15s %8s %8s %8s %8s %6s   %s%n", "broker", "logins/s", "p50 ms", "p95 ms",
                "p99 ms", "errors", "upstream requests per login (discovery jwks token userinfo)"));
        for (BenchResult r : results.values()) {
            Map<String, Double> up = r.upstreamCallsPerLogin();
            sb.append(String.format(Locale.ROOT, "%-15s %8.2f %8.1f %8.1f %8.1f %6d   %.3f %.3f %.3f %.3f%n", r.name,
                    r.loginsPerSecond(), r.percentileMs(50), r.percentileMs(95), r.percentileMs(99), r.errors(),
                    up.get("discovery"), up.get("jwks"), up.get("token"), up.get("userinfo")));
        }
        ratios().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "ratio %-26s %.3f%n", k, v)));
        sb.append("machine: ").append(machine).append('\n');
        sb.append("run: ").append(run).append('\n');
        return sb.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> brokers = new LinkedHashMap<>();
        for (BenchResult r : results.values()) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("loginsPerSecond", round(r.loginsPerSecond(), 3));
            b.put("p50Ms", round(r.percentileMs(50), 1));
            b.put("p95Ms", round(r.percentileMs(95), 1));
            b.put("p99Ms", round(r.percentileMs(99), 1));
            b.put("errors", r.errors());
            b.put("upstreamCallsPerLogin", r.upstreamCallsPerLogin());
            brokers.put(r.name, b);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("brokers", brokers);
        out.put("ratios", ratios());
        out.put("machine", machine);
        out.put("run", run);
        return out;
    }

    void writeJson(Path file) throws IOException {
        mkdirs(file);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
    }

    /** Two bar charts side by side: logins per second, and p50/p95 latency, per broker. */
    void writeSvg(Path file) throws IOException {
        int width = 860;
        int rowH = 34;
        int top = 60;
        int height = top + rowH * results.size() + 60;
        double maxRate = results.values().stream().mapToDouble(BenchResult::loginsPerSecond).max().orElse(1);
        double maxMs = results.values().stream().mapToDouble(r -> r.percentileMs(95)).max().orElse(1);
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"13\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(20, 24, "Complete broker logins on Keycloak 26.7.3 (" + run.get("concurrency") + " concurrent, "
                + run.get("loginsPerBroker") + " per broker)", "bold"));
        s.append(text(150, 48, "logins per second", null)).append(text(520, 48, "latency p50 / p95 (ms)", null));
        int y = top;
        for (BenchResult r : results.values()) {
            s.append(text(20, y + 17, r.name, null));
            double w = 200 * r.loginsPerSecond() / maxRate;
            s.append(String.format(Locale.ROOT, "<rect x=\"150\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>%n", y + 3, w,
                    r.name.startsWith("oidc-") ? "#9e9e9e" : "#1565c0"));
            s.append(text(155 + (int) w, y + 18, String.format(Locale.ROOT, "%.1f", r.loginsPerSecond()), null));
            double w95 = 200 * r.percentileMs(95) / maxMs;
            double w50 = 200 * r.percentileMs(50) / maxMs;
            s.append(String.format(Locale.ROOT, "<rect x=\"520\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#ffcc80\"/>%n", y + 3, w95));
            s.append(String.format(Locale.ROOT, "<rect x=\"520\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#ef6c00\"/>%n", y + 3, w50));
            s.append(text(525 + (int) w95, y + 18, String.format(Locale.ROOT, "%.0f / %.0f", r.percentileMs(50), r.percentileMs(95)), null));
            y += rowH;
        }
        StringBuilder ratioLine = new StringBuilder("ratios (logins/s): ");
        ratios().forEach((k, v) -> ratioLine.append(k).append(String.format(Locale.ROOT, " %.2f   ", v)));
        s.append(text(20, y + 20, ratioLine.toString().trim(), null));
        s.append(text(20, y + 42, "machine: " + machine.get("cpu") + ", " + machine.get("cores") + " cores, Java "
                + machine.get("java") + "; blue: eID hub brokers, grey: stock oidc", null));
        s.append("</svg>\n");
        mkdirs(file);
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    private static String text(int x, int y, String value, String weight) {
        String escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\"%s>%s</text>%n", x, y,
                weight == null ? "" : " font-weight=\"" + weight + "\"", escaped);
    }

    private static void mkdirs(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    static double round(double value, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(value * f) / f;
    }
}
