/**
 * Recorded calls and what keeps them: the {@link dev.smarttracer.recorder.Call} record and its
 * snapshot values, the bounded {@link dev.smarttracer.recorder.Recorder} with playback and JSON Lines
 * export and import, stop reasons and stats. No bytecode here: usable on its own to read a saved file.
 */
package dev.smarttracer.recorder;
