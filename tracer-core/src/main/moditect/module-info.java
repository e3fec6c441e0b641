/**
 * SmartTracer: traces calls to chosen methods of this JVM, with an exact limit and a real
 * detach. Exports its API package only; the engine is open to SmartTracer's agent alone. ASM
 * and Byte Buddy's agent attacher live inside this module, relocated, so they never meet the
 * application's own.
 */
module dev.smarttracer.core {
    requires transitive dev.smarttracer.recorder;
    requires org.slf4j;
    requires java.instrument;
    requires static java.management;
    requires static jdk.management;
    requires static jdk.attach;
    requires static jdk.unsupported;

    exports dev.smarttracer;
    exports dev.smarttracer.internal.engine to dev.smarttracer.agent;
    exports dev.smarttracer.internal.reentry to dev.smarttracer.agent;
    exports dev.smarttracer.internal.delivery to dev.smarttracer.agent;
    exports dev.smarttracer.internal.attach to dev.smarttracer.agent;
    exports dev.smarttracer.internal.select to dev.smarttracer.agent;
}
