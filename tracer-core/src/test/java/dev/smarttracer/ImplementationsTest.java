package dev.smarttracer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.acme.repo.Repositories;
import com.acme.repo.Repositories.MemoryRepository;
import com.acme.repo.Repositories.Repository;
import com.acme.repo.Repositories.SqlRepository;
import com.acme.repo.Repositories.StringStore;
import dev.smarttracer.internal.engine.TraceEngine;
import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.StopReason;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Naming an interface's or abstract class's method traces it in every loaded class that
 * implements it, against one exact limit, each event naming the class that ran.
 */
class ImplementationsTest {

    private static final int CALLS_PER_THREAD = 10_000;
    private static final Repository[] REPOSITORIES = {new SqlRepository(), new MemoryRepository()};

    @AfterEach
    void restore() throws InterruptedException {
        Traces.stopAllAndCheckRestored();
    }

    @Test
    void anInterfacesMethod_tracesEveryLoadedImplementation_exactlyNInAll_underEightThreads() throws Exception {
        Collector collector = new Collector();
        Trace trace = SmartTracer.trace("com.acme.repo.Repositories$Repository#save", 1_000,
                collector.options().returns(true).queueCapacity(1_000_000));
        assertThat(TraceEngine.instance().instrumentedClasses()).as("both implementations").isEqualTo(2);
        EightThreads.run(CALLS_PER_THREAD, i -> {
            Repository repository = REPOSITORIES[i % 2];
            assertThat(repository.save("order-" + i)).endsWith("order-" + i);
        });

        List<Call> calls = collector.awaitStopped();
        assertThat(trace.stopReason()).isEqualTo(StopReason.LIMIT_REACHED);
        assertThat(trace.stats().lost()).isZero();
        List<Call> entries = collector.ofType(CallType.CALL);
        assertThat(entries).hasSize(1_000);
        Map<String, List<Call>> byClass = entries.stream().collect(Collectors.groupingBy(Call::className));
        assertThat(byClass.keySet()).as("each event names the class that ran").containsExactlyInAnyOrder(
                SqlRepository.class.getName(), MemoryRepository.class.getName());
        assertThat(collector.ofType(CallType.RETURN)).hasSize(1_000).allSatisfy(call -> assertThat(
                (String) call.returnValue()).startsWith(call.className().endsWith("SqlRepository") ? "sql:" : "memory:"));
        assertThat(calls.stream().map(Call::callId).distinct().count()).isEqualTo(1_000);
    }

    @Test
    void aMethodReferenceToTheInterface_andTheAbstractClassInBetween_selectTheirImplementations() throws Exception {
        Collector collector = new Collector();
        SmartTracer.trace(Repository::save, 2, collector.options());
        new SqlRepository().save("a");
        new MemoryRepository().save("b");
        assertThat(collector.awaitStopped()).extracting(Call::className)
                .containsExactly(SqlRepository.class.getName(), MemoryRepository.class.getName());

        Collector abstractOne = new Collector();
        SmartTracer.trace(Repositories.CachingRepository.class, "save", 1, abstractOne.options());
        new SqlRepository().save("not this one");
        new MemoryRepository().save("c");
        assertThat(abstractOne.awaitStopped()).extracting(Call::className, call -> call.args().get(0))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MemoryRepository.class.getName(), "c"));
    }

    @Test
    void aGenericInterfacesMethod_tracesTheMethodTheBridgeForwardsTo() throws Exception {
        StringStore store = new StringStore();
        Collector collector = new Collector();
        SmartTracer.trace("com.acme.repo.Repositories$Store#put", 1, collector.options().returns(true));
        assertThat(store.put("x")).isEqualTo("X");

        assertThat(collector.awaitStopped()).extracting(Call::className, Call::descriptor, Call::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(StringStore.class.getName(),
                                "(Ljava/lang/String;)Ljava/lang/String;", CallType.CALL),
                        org.assertj.core.groups.Tuple.tuple(StringStore.class.getName(),
                                "(Ljava/lang/String;)Ljava/lang/String;", CallType.RETURN));
    }

    @Test
    void declaredOnly_keepsTheSelectionToTheNamedClass() {
        assertThatThrownBy(() -> SmartTracer.trace("com.acme.repo.Repositories$Repository#save", 1,
                TraceOptions.defaults().declaredOnly(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Repositories$Repository#save: it is abstract and has no body");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }

    @Test
    void anAbstractMethodNoLoadedClassImplements_waitsForAnImplementationToLoad() {
        Trace trace = SmartTracer.trace("com.acme.repo.Unimplemented#run", 1);
        TraceEngine.LaterClassesState state = TraceEngine.instance().laterClasses(trace).orElseThrow();
        assertThat(state.waiting()).isTrue();
        assertThat(state.pattern()).isEqualTo("com.acme.repo.Unimplemented#run");
        assertThat(TraceEngine.instance().instrumentedClasses()).isZero();
    }
}
