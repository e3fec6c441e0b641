package com.acme;

/** A second service for wildcard patterns. */
public class UserService {
    public String getUser(String id) {
        return "user-" + id;
    }
}
