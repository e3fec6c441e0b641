package dev.smarttracer.agent.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class WarningLogTest {

    @Test
    void theAgentsSlf4j_isBoundToTheQuietProvider() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(WarningLog.class);
        assertThat(WarningLog.current()).isNotNull();
    }

    @Test
    void warningsAndErrors_areKeptAndHandedToListeners_theRestIsDropped() {
        WarningLog log = new WarningLog();
        List<String> heard = new ArrayList<>();
        Consumer<String> listener = heard::add;
        log.listen(listener);
        Logger logger = log.getLogger("dev.smarttracer.internal.engine.Dispatcher");

        logger.info("not kept {}", 1);
        logger.warn("SmartTracer trace {} stopped ({}): {}", 3, "FAILED", "its ticker threw");
        logger.error("could not restore {}", "[com.acme.Foo]", new IllegalStateException("boom"));
        log.unlisten(listener);
        logger.warn("after");

        assertThat(log.total()).isEqualTo(3);
        assertThat(heard).containsExactly("WARN SmartTracer trace 3 stopped (FAILED): its ticker threw",
                heard.get(1));
        assertThat(heard.get(1)).startsWith("ERROR could not restore [com.acme.Foo]: "
                + "java.lang.IllegalStateException: boom | at ");
        assertThat(log.recent()).hasSize(3).last().asString().endsWith(" WARN after");
    }

    @Test
    void onlyTheMostRecentWarnings_areKept() {
        WarningLog log = new WarningLog();
        for (int i = 0; i < WarningLog.KEPT + 5; i++) {
            log.add("warning " + i);
        }
        assertThat(log.recent()).hasSize(WarningLog.KEPT).first().asString().endsWith(" warning 5");
        assertThat(log.total()).isEqualTo(WarningLog.KEPT + 5);
    }
}
