package com.acme.repo;

/**
 * An interface, an abstract class and a generic interface with their implementations, to trace
 * by naming the abstract method.
 */
public final class Repositories {

    private Repositories() {
    }

    /** Saves an order, by name. */
    public interface Repository {
        String save(String order);
    }

    /** One implementation. */
    public static final class SqlRepository implements Repository {
        @Override
        public String save(String order) {
            return "sql:" + order;
        }
    }

    /** Another, through an abstract class that leaves the method abstract. */
    public abstract static class CachingRepository implements Repository {
        @Override
        public abstract String save(String order);
    }

    /** The abstract class's implementation. */
    public static final class MemoryRepository extends CachingRepository {
        @Override
        public String save(String order) {
            return "memory:" + order;
        }
    }

    /** A generic repository, whose implementations get a bridge method for the erased signature. */
    public interface Store<T> {
        T put(T value);
    }

    /** Implements the generic one for strings: put(String), and the compiler's bridge put(Object). */
    public static final class StringStore implements Store<String> {
        @Override
        public String put(String value) {
            return value.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
