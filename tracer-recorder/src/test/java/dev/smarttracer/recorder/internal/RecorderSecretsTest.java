package dev.smarttracer.recorder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smarttracer.recorder.Call;
import dev.smarttracer.recorder.CallType;
import dev.smarttracer.recorder.Recorder;
import dev.smarttracer.recorder.Recording;
import dev.smarttracer.recorder.StopReason;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecorderSecretsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void recorderAccess_writesAndFinishesARecording() {
        Recorder recorder = Recorder.create();
        Call call = new Call(9, 1, CallType.CALL, "com.acme.Foo", "bar", "(Ljava/lang/String;)V", 1, List.of("a"),
                null, null, "main", 1, T0, 0);

        RecorderSecrets.recorderAccess().record(recorder, call);
        RecorderSecrets.recorderAccess().finish(recorder, 9, StopReason.LIMIT_REACHED, 2);

        assertThat(recorder.recording(9)).contains(new Recording(9, List.of(call), 0, 2, StopReason.LIMIT_REACHED));
    }

    @Test
    void recorder_hasNoPublicWriteSide() {
        assertThat(Arrays.stream(Recorder.class.getMethods())
                .filter(m -> m.getName().equals("record") || m.getName().equals("finish"))
                .map(Method::toString))
                .isEmpty();
    }

    @Test
    void setRecorderAccess_secondRegistration_isRefused() {
        RecorderAccess registered = RecorderSecrets.recorderAccess();
        assertThatThrownBy(() -> RecorderSecrets.setRecorderAccess(registered))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already registered");
        assertThat(RecorderSecrets.recorderAccess()).isSameAs(registered);
    }

    @Test
    void recorderAccess_beforeAnyRecorderExists_initialisesRecorderToRegisterIt() throws Exception {
        URL classes = RecorderSecrets.class.getProtectionDomain().getCodeSource().getLocation();
        // A loader of its own, so Recorder is not yet initialised there whatever ran before.
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> secrets = fresh.loadClass(RecorderSecrets.class.getName());
            Method recorderAccess = secrets.getMethod("recorderAccess");
            assertThat(Modifier.isStatic(recorderAccess.getModifiers())).isTrue();

            Object access = recorderAccess.invoke(null);

            assertThat(access).isNotNull();
            assertThat(access.getClass().getClassLoader()).isSameAs(fresh);
        }
    }
}
