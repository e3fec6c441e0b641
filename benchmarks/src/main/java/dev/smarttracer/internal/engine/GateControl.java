package dev.smarttracer.internal.engine;

import java.lang.reflect.Method;

/**
 * Closes a probe's gate while its trace stays active, to measure the state a traced method is
 * in between a trace's end and the restore of its class. Goes through the bootstrap bridge by
 * reflection, as the bridge is on no class path.
 */
final class GateControl {

    private GateControl() {
    }

    static void close(int probe) throws ReflectiveOperationException {
        Class<?> bridge = Class.forName("dev.smarttracer.bridge.v1.Bridge", true, null);
        Class<?> sinkType = Class.forName("dev.smarttracer.bridge.v1.ProbeSink", true, null);
        Object owner = bridge.getMethod("route", int.class).invoke(null, probe);
        if (owner == null) {
            throw new IllegalStateException("probe " + probe + " is not open");
        }
        Method setOpen = bridge.getMethod("setOpen", sinkType, int.class, boolean.class);
        setOpen.invoke(null, owner, probe, false);
    }
}
