package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./janus schedule}, through {@link JanusMain}. */
class ScheduleCliTest {

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] command = new String[args.length + 1];
        command[0] = "schedule";
        System.arraycopy(args, 0, command, 1, args.length);
        int exit = JanusMain.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), command);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path fixture(String name) throws Exception {
        return Path.of(Objects.requireNonNull(ScheduleCliTest.class.getResource("/fixtures/aebs/" + name)).toURI());
    }

    static String normalised(String text) {
        return String.join(" ", text.strip().split("\\s+"));
    }

    @Test
    void printsTheVectorFileBackWithItsOwnPlans() throws Exception {
        for (String name : new String[] {"golden_example.txt", "golden_counterexample.txt", "e8_t256_zipf1.2.txt"}) {
            Result result = run("--vectors", fixture(name).toString());

            assertThat(result.exit()).as(result.err()).isZero();
            assertThat(normalised(result.out())).isEqualTo(normalised(Files.readString(fixture(name))));
        }
    }

    @Test
    void checkComparesEveryPolicyOfTheHeader() throws Exception {
        Result result = run("--vectors", fixture("e8_t256_uniform.txt").toString(), "--check");

        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("""
                static: 64/64 batches match
                aebs: 64/64 batches match
                aebs-rep: 64/64 batches match
                aebs+: 64/64 batches match
                """);
    }

    @Test
    void onePolicyAndMismatchesAndUnknownPolicies(@TempDir Path dir) throws Exception {
        String example = Files.readString(fixture("golden_example.txt"));
        Result one = run("--vectors", fixture("golden_example.txt").toString(), "--policy", "static");
        assertThat(one.out()).startsWith("AEBSVEC 1\n8 2 4 3 12 5 1 1\nstatic\n").endsWith("amax 3\n");

        // a wrong expected id, and a policy name the project does not implement
        Path edited = dir.resolve("edited.txt");
        Files.writeString(edited, example.replace("static aebs aebs-rep aebs+", "static aebs aebs-rep magic")
                .replace("0 1 0 3 2 6 7 0 10 2\namax 3", "0 1 0 3 2 6 7 0 10 5\namax 3"));
        Result check = run("--vectors", edited.toString(), "--check");
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.out()).contains("static: 0/1 batches match", "aebs: 1/1 batches match");
        assertThat(check.err()).contains("policy 'magic' of the file is not implemented");

        Files.writeString(edited, "AEBSVEC 2\n");
        Result bad = run("--vectors", edited.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("error: expected '1' at token 1, got '2'\n");
    }
}
