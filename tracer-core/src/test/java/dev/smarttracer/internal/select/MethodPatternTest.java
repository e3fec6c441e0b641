package dev.smarttracer.internal.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodPatternTest {

    @Test
    void parses_everyAcceptedForm() {
        assertThat(MethodPattern.parse("com.acme.Foo#bar")).isEqualTo(new MethodPattern("com.acme.Foo", "bar", null));
        assertThat(MethodPattern.parse(" com.acme.Foo::bar ")).isEqualTo(new MethodPattern("com.acme.Foo", "bar", null));
        assertThat(MethodPattern.parse("com.acme.Foo#bar()")).isEqualTo(new MethodPattern("com.acme.Foo", "bar", List.of()));
        assertThat(MethodPattern.parse("com.acme.Foo#bar(java.lang.String, int, String...)").parameters())
                .containsExactly("java.lang.String", "int", "String[]");
        assertThat(MethodPattern.parse("com.acme.Outer$Inner#lambda$main$0").className()).isEqualTo("com.acme.Outer$Inner");
    }

    @Test
    void globs_matchWithinAndAcrossPackages() {
        MethodPattern pattern = MethodPattern.parse("com.acme.*Service#get*");
        assertThat(pattern.classRegex().matcher("com.acme.OrderService").matches()).isTrue();
        assertThat(pattern.classRegex().matcher("com.acme.sub.UserService").matches()).isTrue();
        assertThat(pattern.classRegex().matcher("org.acme.OrderService").matches()).isFalse();
        assertThat(pattern.methodMatches("getOrder")).isTrue();
        assertThat(pattern.methodMatches("get")).isTrue();
        assertThat(pattern.methodMatches("forget")).isFalse();
    }
}
