package dev.smarttracer.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadGlobTest {

    @Test
    void starTakesAnyCharacters_questionMarkExactlyOne_theRestItself_overTheWholeName() {
        assertThat(new ThreadGlob("http-nio-*").matches("http-nio-8080-exec-1")).isTrue();
        assertThat(new ThreadGlob("http-nio-*").matches("http-nio-")).isTrue();
        assertThat(new ThreadGlob("http-nio-*").matches("xhttp-nio-1")).isFalse();
        assertThat(new ThreadGlob("*-exec-?").matches("http-nio-8080-exec-1")).isTrue();
        assertThat(new ThreadGlob("*-exec-?").matches("http-nio-8080-exec-12")).isFalse();
        assertThat(new ThreadGlob("*exec*exec").matches("exec-exec-x-exec")).isTrue();
        assertThat(new ThreadGlob("*exec*exec").matches("exec-exec-x-exe")).isFalse();
        assertThat(new ThreadGlob("main").matches("main")).isTrue();
        assertThat(new ThreadGlob("main").matches("main2")).isFalse();
        assertThat(new ThreadGlob("*").matches("")).isTrue();
        assertThat(new ThreadGlob("?").matches("")).isFalse();
        assertThat(new ThreadGlob("a.b").matches("aXb")).as("a dot is itself, not any character").isFalse();
        assertThat(new ThreadGlob("pool-[1]-*").matches("pool-[1]-thread-3")).isTrue();
    }
}
