package dev.smarttracer.agent.internal.cli;

/**
 * An operating-system user as messages name it: {@code uid 65534 (nobody)}, or {@code uid 1234}
 * where the name is not known, or {@code an unknown user}.
 *
 * @param uid the user id, or -1 if not known
 * @param name the user's name, or an empty string if not known
 */
record OsUser(long uid, String name) {

    /** A user that could not be found out. */
    static final OsUser UNKNOWN = new OsUser(-1, "");

    /** Normalises the name: a name that is the uid itself says nothing. */
    OsUser {
        name = name == null || name.equals(Long.toString(uid)) ? "" : name;
    }

    /** Tells whether the uid is known. */
    boolean known() {
        return uid >= 0;
    }

    @Override
    public String toString() {
        if (!known()) {
            return "an unknown user";
        }
        return "uid " + uid + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
