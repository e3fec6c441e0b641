package dev.smarttracer.cel;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instance fields of an application class that can be read reflectively, with their names as CEL
 * map keys, found once per class.
 *
 * <p>All declared fields up the hierarchy except static and synthetic ones; a field hidden by one of
 * the same name in a subclass is left out. Fields declared by JDK superclasses are left out (the JDK
 * does not open its packages, and their state is no part of the application's value), and so is a
 * field that the module system does not let this module open. Thread-safe.
 */
final class ClassFields {
    private static final ClassValue<ClassFields> CACHE = new ClassValue<>() {
        @Override
        protected ClassFields computeValue(Class<?> type) {
            return new ClassFields(type);
        }
    };

    private final Field[] fields;
    private final Object[] names;
    private final Map<Object, Integer> indexes;

    private ClassFields(Class<?> type) {
        List<Field> readable = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && !JdkClasses.isJdk(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()
                        || !seen.add(field.getName())) {
                    continue;
                }
                if (trySetAccessible(field)) {
                    readable.add(field);
                }
            }
        }
        this.fields = readable.toArray(new Field[0]);
        this.names = readable.stream().map(Field::getName).toArray();
        this.indexes = LazyMap.indexesOf(names);
    }

    static ClassFields of(Class<?> type) {
        return CACHE.get(type);
    }

    private static boolean trySetAccessible(Field field) {
        try {
            return field.trySetAccessible();
        } catch (SecurityException e) {
            return false;
        }
    }

    Object[] names() {
        return names;
    }

    Map<Object, Integer> indexes() {
        return indexes;
    }

    /** Reads the i-th field of {@code target}; reading a field runs no code of the application. */
    Object read(Object target, int index) {
        try {
            return fields[index].get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read field " + fields[index].getName() + " of "
                    + target.getClass().getName() + ": " + e.getMessage(), e);
        }
    }
}
