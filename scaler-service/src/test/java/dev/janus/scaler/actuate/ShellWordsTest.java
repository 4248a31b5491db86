package dev.janus.scaler.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void theWorkedExample() {
        assertThat(ShellWords.split("java -jar \"my dir/x.jar\" --t=a,b 'it''s'"))
                .containsExactly("java", "-jar", "my dir/x.jar", "--t=a,b", "its");
    }

    @Test
    void commasStayInsideTheirArgument() {
        assertThat(ShellWords.split("java --moe.experts.targets=127.0.0.1:9092,127.0.0.1:9093 --x={port}"))
                .containsExactly("java", "--moe.experts.targets=127.0.0.1:9092,127.0.0.1:9093", "--x={port}");
    }

    @Test
    void quotingRules() {
        assertThat(ShellWords.split("  a\tb\n c  ")).containsExactly("a", "b", "c");
        assertThat(ShellWords.split("'a \"b\" \\c'")).containsExactly("a \"b\" \\c");
        assertThat(ShellWords.split("\"a \\\"b\\\" \\\\ \\c\"")).containsExactly("a \"b\" \\ \\c");
        assertThat(ShellWords.split("a\\ b \\'c")).containsExactly("a b", "'c");
        assertThat(ShellWords.split("--k='' x")).containsExactly("--k=", "x");
        assertThat(ShellWords.split("''")).containsExactly("");
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void unterminatedQuotesAreRefused() {
        assertThatThrownBy(() -> ShellWords.split("a 'b")).hasMessageContaining("unterminated '");
        assertThatThrownBy(() -> ShellWords.split("a \"b")).hasMessageContaining("unterminated \"");
        assertThatThrownBy(() -> ShellWords.split("a \\")).hasMessageContaining("trailing \\");
    }
}
