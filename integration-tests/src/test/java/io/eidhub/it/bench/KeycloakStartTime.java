package io.eidhub.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.eidhub.it.KeycloakServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keycloak's start time with the eID hub installed and without it, in one run: two copies of the rig's unpacked
 * distribution, one with the jars of its {@code providers/} and one with an empty {@code providers/}, each started
 * once unmeasured (that start re-augments the server when its providers changed), then started
 * {@code bench.starts} times each (default 3), alternately, from launch until {@code /health/ready} answers UP
 * ({@code start-dev}, in-memory database, as the rig). Prints the medians and their ratio, and writes them to
 * {@code bench.startReport} (default {@code target/benchmark/start-time.json}). Run it with the benchmark:
 * {@code -Dit.test='BrokerBenchmark,KeycloakStartTime'}. Not part of {@code mvn verify}.
 */
class KeycloakStartTime {

    @Test
    void withAndWithoutTheExtension() throws Exception {
        int starts = Integer.getInteger("bench.starts", 3);
        Path report = Path.of(System.getProperty("bench.startReport", "target/benchmark/start-time.json"));
        Path dist = Path.of(System.getProperty("kc.home"));
        Path base = Path.of("target", "start-time").toAbsolutePath();
        Path with = copy(dist, base.resolve("with"));
        Path without = copy(dist, base.resolve("without"));
        List<String> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(without.resolve("providers"))) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).toList()) {
                jars.add(jar.getFileName().toString());
                Files.delete(jar);
            }
        }
        assertTrue(!jars.isEmpty(), "the rig's providers/ holds the extension's jars");

        startOnce(with, base);    // unmeasured: re-augmentation, if any, and cold disk caches
        startOnce(without, base);
        List<Double> withSeconds = new ArrayList<>();
        List<Double> withoutSeconds = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            // ABBA: with, without, without, with, ...
            boolean withFirst = i % 2 == 0;
            (withFirst ? withSeconds : withoutSeconds).add(startOnce(withFirst ? with : without, base));
            (withFirst ? withoutSeconds : withSeconds).add(startOnce(withFirst ? without : with, base));
        }
        double medianWith = median(withSeconds);
        double medianWithout = median(withoutSeconds);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("startsEach", starts);
        out.put("withSeconds", withSeconds);
        out.put("withoutSeconds", withoutSeconds);
        out.put("medianWithSeconds", medianWith);
        out.put("medianWithoutSeconds", medianWithout);
        out.put("ratio", BenchReport.round(medianWith / medianWithout, 3));
        out.put("extensionJars", jars);
        out.put("machine", BrokerBenchmark.machine());
        System.out.printf("%n[start-time] with the extension %s s, without %s s; medians %.2f / %.2f s, ratio %.3f%n",
                withSeconds, withoutSeconds, medianWith, medianWithout, medianWith / medianWithout);
        Files.createDirectories(report.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), out);
    }

    private static double startOnce(Path home, Path base) {
        try (KeycloakServer server = KeycloakServer.start(home, base.resolve(home.getFileName() + ".log"), List.of())) {
            return server.startupTime().toMillis() / 1000.0;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A fresh copy of the distribution without its {@code data/} (attributes kept, so that bin/ stays executable). */
    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> walk = Files.walk(to)) {
                walk.sorted(Collections.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(p -> !from.relativize(p).startsWith("data")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
