package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void traces() throws Exception {
        List<Call> calls = new CopyOnWriteArrayList<>();
        Trace t = SmartTracer.trace(Foo::bar, 2, TraceOptions.defaults().returns(true).handler(calls::add));
        Foo.bar("a"); Foo.bar("b"); Foo.bar("c");
        assertThat(t.awaitDetached(Duration.ofSeconds(5))).isTrue();
        Thread.sleep(100);
        calls.forEach(System.out::println);
        assertThat(calls).hasSize(4);
    }
}
