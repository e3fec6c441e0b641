package dev.smarttracer.recorder;

import java.util.Objects;

/**
 * The snapshot of an enum constant: its type and name, never the constant itself.
 *
 * @param type the binary name of the enum class
 * @param name the constant's name
 */
public record EnumValue(String type, String name) {

    /** Validates the fields. */
    public EnumValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
    }

    /** Renders as {@code SimpleType.NAME}. */
    @Override
    public String toString() {
        return simpleName(type) + "." + name;
    }

    static String simpleName(String binaryName) {
        int cut = Math.max(binaryName.lastIndexOf('.'), binaryName.lastIndexOf('$'));
        return binaryName.substring(cut + 1);
    }
}
