package dev.smarttracer.cel;

/** Tells a class of the JDK itself (java.* and jdk.* modules of the boot layer) from any other class. */
final class JdkClasses {
    private JdkClasses() {
    }

    static boolean isJdk(Class<?> type) {
        Module module = type.getModule();
        if (!module.isNamed() || module.getLayer() != ModuleLayer.boot()) {
            return false;
        }
        String name = module.getName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }
}
