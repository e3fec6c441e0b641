package dev.smarttracer.recorder.internal;

/** Reads JVM method descriptors (JVMS 4.3.3), such as {@code (Ljava/lang/String;[I)V}. Stateless. */
final class MethodDescriptor {

    private MethodDescriptor() {
    }

    /**
     * Counts a method descriptor's parameters.
     *
     * @param descriptor a method descriptor
     * @return how many parameters it declares, or -1 if it is not a well-formed method descriptor
     */
    static int parameterCount(String descriptor) {
        if (descriptor.isEmpty() || descriptor.charAt(0) != '(') {
            return -1;
        }
        int count = 0;
        int at = 1;
        while (at < descriptor.length() && descriptor.charAt(at) != ')') {
            at = fieldTypeEnd(descriptor, at);
            if (at < 0) {
                return -1;
            }
            count++;
        }
        if (at >= descriptor.length()) {
            return -1;
        }
        at++;
        boolean returnsVoid = at == descriptor.length() - 1 && descriptor.charAt(at) == 'V';
        return returnsVoid || fieldTypeEnd(descriptor, at) == descriptor.length() ? count : -1;
    }

    /** Returns where the field type starting at {@code at} ends, or -1 if none starts there. */
    private static int fieldTypeEnd(String descriptor, int at) {
        int i = at;
        while (i < descriptor.length() && descriptor.charAt(i) == '[') {
            i++;
        }
        if (i >= descriptor.length()) {
            return -1;
        }
        switch (descriptor.charAt(i)) {
            case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z' -> {
                return i + 1;
            }
            case 'L' -> {
                int semicolon = descriptor.indexOf(';', i);
                if (semicolon <= i + 1) {
                    return -1;
                }
                String name = descriptor.substring(i + 1, semicolon);
                return name.indexOf('.') < 0 && name.indexOf('[') < 0 ? semicolon + 1 : -1;
            }
            default -> {
                return -1;
            }
        }
    }
}
