package dev.janus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.janus.model.cli.JanusCli;
import dev.janus.model.golden.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code ./janus}: one command line, model-lib's commands delegated unchanged. */
class JanusMainTest {

    @Test
    void usageListsEveryCommand() {
        for (String[] args : new String[][] {{}, {"--help"}}) {
            CliRun run = CliRun.janus(args);

            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage: janus").contains("generate", "make-model", "bench", "schedule", "plan", "simulate", "profile", "ensure-model", "up");
        }
    }

    @Test
    void anUnknownCommandIsOneLineAndExitCodeOne() {
        CliRun run = CliRun.janus("frobnicate", "--now");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("error: unknown command 'frobnicate'; commands: generate, make-model, bench,"
                + " schedule, plan, simulate, profile, ensure-model, up (see 'janus --help')\n");
    }

    @Test
    void engineCommandsRunAsModelLibRunsThem(@TempDir Path tmp) {
        String[] generate = {"generate", "--model", Fixtures.dir("tiny-mixtral").toString(), "--prompt-ids", "1,2,3",
                "--max-tokens", "3", "--json"};
        CliRun run = CliRun.janus(generate);
        ByteArrayOutputStream engineOut = new ByteArrayOutputStream();
        int engineExit = JanusCli.run(new PrintStream(engineOut, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), generate);

        assertThat(run.exit()).as(run.err()).isZero().isEqualTo(engineExit);
        assertThat(run.out()).contains("\"tokens\"").isEqualTo(engineOut.toString(StandardCharsets.UTF_8));

        CliRun missing = CliRun.janus("generate", "--model", tmp.toString(), "--prompt-ids", "1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ").contains("config.json").hasLineCount(1);
        CliRun usage = CliRun.janus("bench", "--threads", "many");
        assertThat(usage.exit()).isEqualTo(1);
        assertThat(usage.err()).startsWith("error: ").contains("--threads", "many").hasLineCount(1);
    }

    /** ./janus runs the jar this module's pom builds, whose main class is JanusMain. */
    @Test
    void theScriptRunsTheJarThePomBuilds() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        String artifact = xpath.evaluate("/project/artifactId", pom);
        String version = xpath.evaluate("/project/parent/version", pom);
        String shade = "/project/build/plugins/plugin[artifactId='maven-shade-plugin']/executions/execution/configuration";
        String classifier = xpath.evaluate(shade + "/shadedClassifierName", pom);
        String mainClass = xpath.evaluate(shade + "//mainClass", pom);

        String folder = Path.of("").toAbsolutePath().getFileName().toString();

        assertThat(mainClass).isEqualTo(JanusMain.class.getName());
        String script = Files.readString(Path.of("../janus"));
        assertThat(script).contains("\"$root/" + folder + "/target/" + artifact + "-" + version + "-" + classifier + ".jar\"");
        // the staleness check watches this module's sources and builds this module
        assertThat(script).contains(folder + "/src/main", "-pl " + folder + " -am package");
    }
}
