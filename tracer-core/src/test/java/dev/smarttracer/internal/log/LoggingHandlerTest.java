package dev.smarttracer.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.MDCAdapter;

class LoggingHandlerTest {

    private static Call call(long traceId) {
        return new Call(traceId, 1, CallType.CALL, "com.acme.Foo", "bar", "(Ljava/lang/String;)Ljava/lang/String;",
                1, List.of("Buzz"), null, null, "main", 1, Instant.now(), 0);
    }

    @Test
    void withoutAnSlf4jProvider_linesGoToStandardErrorWithTheTraceId() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        LoggingHandler handler = new LoggingHandler(org.slf4j.helpers.NOPLogger.NOP_LOGGER, () -> stream);
        handler.handle(call(7));
        handler.handle(call(8));
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "[trace 7] com.acme.Foo.bar/1 is being called with: [\"Buzz\"]",
                "[trace 8] com.acme.Foo.bar/1 is being called with: [\"Buzz\"]");
    }

    @Test
    void withAProvider_eachLineCarriesItsTraceIdInTheMdc_andTheWordsAreUnchanged() throws Exception {
        MDCAdapter original = swapMdcAdapter(new BasicMDCAdapter());
        try {
            List<String> lines = new ArrayList<>();
            LoggingHandler handler = new LoggingHandler(new LegacyAbstractLogger() {
                @Override
                protected String getFullyQualifiedCallerName() {
                    return null;
                }

                @Override
                protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] args,
                        Throwable throwable) {
                    lines.add(MDC.get(LoggingHandler.MDC_KEY) + " " + message);
                }

                @Override
                public boolean isTraceEnabled() {
                    return true;
                }

                @Override
                public boolean isDebugEnabled() {
                    return true;
                }

                @Override
                public boolean isInfoEnabled() {
                    return true;
                }

                @Override
                public boolean isWarnEnabled() {
                    return true;
                }

                @Override
                public boolean isErrorEnabled() {
                    return true;
                }
            });
            handler.handle(call(3));
            handler.handle(call(4));
            assertThat(lines).containsExactly("3 com.acme.Foo.bar/1 is being called with: [\"Buzz\"]",
                    "4 com.acme.Foo.bar/1 is being called with: [\"Buzz\"]");
            assertThat(MDC.get(LoggingHandler.MDC_KEY)).as("removed after each line").isNull();
        } finally {
            swapMdcAdapter(original);
        }
    }

    /** slf4j-simple, the tests' provider, ignores the MDC; swap in one that keeps it. */
    private static MDCAdapter swapMdcAdapter(MDCAdapter adapter) throws ReflectiveOperationException {
        MDCAdapter previous = MDC.getMDCAdapter();
        java.lang.reflect.Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
        set.setAccessible(true);
        set.invoke(null, adapter);
        return previous;
    }
}
