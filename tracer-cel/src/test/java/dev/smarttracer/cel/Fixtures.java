package dev.smarttracer.cel;

import java.util.concurrent.atomic.AtomicInteger;

/** Application-like classes for the tests: none of their methods may ever run during an evaluation. */
final class Fixtures {
    private Fixtures() {
    }

    enum Tier { GOLD, SILVER }

    static class Address {
        String city;
        int zip;

        Address(String city, int zip) {
            this.city = city;
            this.zip = zip;
        }
    }

    static class Base {
        protected long id;
        private String hidden = "base";
    }

    static class Customer extends Base {
        static int instances;
        int customerId;
        String name;
        Address address;
        Tier tier;
        double balance;
        java.util.List<String> tags;
        int[] scores;
        private String hidden = "customer";

        Customer(long id, int customerId, String name, Address address) {
            this.id = id;
            this.customerId = customerId;
            this.name = name;
            this.address = address;
            this.tier = Tier.GOLD;
        }
    }

    /** Counts every call of a method that evaluation must never make; each also throws. */
    static final class Booby {
        static final AtomicInteger CALLS = new AtomicInteger();
        long customerId = 42;
        String secret = "s";

        @Override
        public String toString() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("toString called");
        }

        @Override
        public int hashCode() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("hashCode called");
        }

        @Override
        public boolean equals(Object other) {
            CALLS.incrementAndGet();
            throw new IllegalStateException("equals called");
        }

        public long getCustomerId() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("getter called");
        }

        public String getSecret() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("getter called");
        }
    }

    /** A list whose own code must never run: only JDK collections are read through their API. */
    static final class BoobyList extends java.util.ArrayList<Object> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger CALLS = new AtomicInteger();
        final String label = "mine";

        @Override
        public java.util.Iterator<Object> iterator() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("iterator called");
        }

        @Override
        public int size() {
            CALLS.incrementAndGet();
            throw new IllegalStateException("size called");
        }

        @Override
        public Object get(int index) {
            CALLS.incrementAndGet();
            throw new IllegalStateException("get called");
        }
    }

    static final class Node {
        final String name;
        Node next;

        Node(String name) {
            this.name = name;
        }
    }

    static final class AppException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AppException(String message) {
            super(message);
        }

        @Override
        public String getMessage() {
            Booby.CALLS.incrementAndGet();
            throw new IllegalStateException("getMessage called");
        }
    }
}
