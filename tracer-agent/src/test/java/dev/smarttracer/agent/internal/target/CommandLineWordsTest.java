package dev.smarttracer.agent.internal.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineWordsTest {

    @Test
    void theApisAdvice_becomesTheCommandLinesOptions() {
        assertThat(CommandLineWords.of("com.acme.Foo#bar is private; pass TraceOptions.defaults().scope(Scope.LOCAL)"
                + " to trace private methods")).isEqualTo("com.acme.Foo#bar is private; pass --local to trace private"
                        + " methods");
        assertThat(CommandLineWords.of("java.lang.String is a JDK class; pass"
                + " TraceOptions.defaults().allowJdkClasses(true) to trace it")).isEqualTo("java.lang.String is a JDK"
                        + " class; pass --allow-jdk to trace it");
        assertThat(CommandLineWords.of("no method bar (private methods need Scope.LOCAL)"))
                .isEqualTo("no method bar (private methods need --local)");
        assertThat(CommandLineWords.of(null)).isNotBlank();
    }
}
