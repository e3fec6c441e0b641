package com.acme.repo;

/** An interface no class implements. */
public interface Unimplemented {
    void run();
}
