package com.acme;

/** Methods that throw the JVM's helpful NullPointerException, naming a parameter, a field and a local. */
public final class Nulls {
    private String field;

    public int parameterLength(String text) {
        return text.length();
    }

    public int fieldLength() {
        return this.field.length();
    }

    public static int localLength(Object any) {
        String local = any == null ? null : any.toString();
        return local.length();
    }
}
