package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.Foo;
import dev.smarttracer.recorder.Call;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The API's two trace families stay in step, and options are values. */
class ApiShapeTest {

    @Test
    void customTracer_offersEveryTraceOverloadOfSmartTracer_andNoOther() {
        Set<List<Class<?>>> statics = Arrays.stream(SmartTracer.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("trace") && Modifier.isPublic(m.getModifiers()))
                .map(m -> List.of(m.getParameterTypes())).collect(Collectors.toSet());
        Set<List<Class<?>>> custom = Arrays.stream(CustomTracer.class.getDeclaredMethods())
                .filter(m -> m.getName().equals("trace") && Modifier.isPublic(m.getModifiers()))
                .map(m -> List.of(m.getParameterTypes())).collect(Collectors.toSet());
        assertThat(statics).hasSize(36);
        assertThat(custom).isEqualTo(statics);
    }

    @Test
    void customTracer_givenOptionsNamingAnotherHandler_refusesThem() {
        CustomTracer tracer = new CustomTracer() {
            @Override
            public void handle(Call call) {
            }
        };
        assertThatThrownBy(() -> tracer.trace(Foo::bar, 1, TraceOptions.defaults().handler(TraceHandler.discard())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a CustomTracer traces into itself, but the options name another handler");
    }

    @Test
    void options_areValues() {
        TraceOptions one = TraceOptions.defaults().returns(true).rate(10, Duration.ofSeconds(1));
        TraceOptions two = TraceOptions.defaults().rate(10, Duration.ofSeconds(1)).returns(true);
        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two).isNotEqualTo(TraceOptions.defaults());
        assertThat(one.rate()).contains(new TraceOptions.Rate(10, Duration.ofSeconds(1)));
        assertThat(TraceOptions.defaults().rate()).isEmpty();
        assertThat(one.handler(TraceHandler.discard())).isEqualTo(two.handler(TraceHandler.discard()))
                .isNotEqualTo(one.handler(call -> { }));
    }
}
