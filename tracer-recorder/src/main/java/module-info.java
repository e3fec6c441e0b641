/**
 * SmartTracer's recorder: recorded calls ({@code Call}), the bounded recorder, playback, and JSON
 * Lines export and import. Exports its API package only; the internal package, through which
 * the tracer writes recordings, is open to the tracer's modules alone.
 */
module dev.smarttracer.recorder {
    exports dev.smarttracer.recorder;
    exports dev.smarttracer.recorder.internal to dev.smarttracer.core, dev.smarttracer.agent;
}
