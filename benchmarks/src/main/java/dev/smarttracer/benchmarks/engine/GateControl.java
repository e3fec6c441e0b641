package dev.smarttracer.benchmarks.engine;

import java.lang.reflect.Method;

/**
 * Closes probe gates while their trace stays active, to measure the state a traced method is in
 * between a trace's end and the restore of its class. Goes through the bootstrap bridge, the
 * engine's public seam, by reflection, as the bridge is on no class path.
 */
final class GateControl {

    private GateControl() {
    }

    /**
     * Closes every open gate of this JVM.
     *
     * @return how many gates were open
     */
    static int closeOpenGates() throws ReflectiveOperationException {
        Class<?> bridge = Class.forName("dev.smarttracer.bridge.v1.Bridge", true, null);
        Class<?> sinkType = Class.forName("dev.smarttracer.bridge.v1.ProbeSink", true, null);
        Method route = bridge.getMethod("route", int.class);
        Method setOpen = bridge.getMethod("setOpen", sinkType, int.class, boolean.class);
        int highWater = (int) bridge.getMethod("highWater").invoke(null);
        int closed = 0;
        for (int probe = 0; probe < highWater; probe++) {
            Object owner = route.invoke(null, probe);
            if (owner != null) {
                setOpen.invoke(null, owner, probe, false);
                closed++;
            }
        }
        return closed;
    }
}
